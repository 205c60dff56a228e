# Environment of a run against the simulated lab; sourced by lab/run-playbook and the tests.
# LAB_STATE_DIR selects where the simulated hosts' state lives (default lab/.state).
lab_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$lab_dir")"
export LAB_STATE_DIR="${LAB_STATE_DIR:-$lab_dir/.state}"
# This checkout must be importable as configmgr.sup: a link under build/collections.
mkdir -p "$repo_dir/build/collections/ansible_collections/configmgr"
ln -sfn "$repo_dir" "$repo_dir/build/collections/ansible_collections/configmgr/sup"
# The lab's stand-in ansible.windows comes first, so it shadows the real one.
export ANSIBLE_COLLECTIONS_PATH="$lab_dir/collections:$repo_dir/build/collections"
export ANSIBLE_INVENTORY="${ANSIBLE_INVENTORY:-$lab_dir/inventory}"
export ANSIBLE_HOST_KEY_CHECKING=False
export ANSIBLE_RETRY_FILES_ENABLED=False
export ANSIBLE_NOCOLOR="${ANSIBLE_NOCOLOR:-1}"
if [ -x "$repo_dir/.venv/bin/ansible-playbook" ]; then
  export PATH="$repo_dir/.venv/bin:$PATH"
elif ! command -v ansible-playbook >/dev/null 2>&1; then
  echo "lab/env.sh: no ansible-playbook: run 'make setup' in $repo_dir (creates .venv from requirements.txt)" >&2
  return 1 2>/dev/null || exit 1
fi
