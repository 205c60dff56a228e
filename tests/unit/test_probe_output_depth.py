"""Every probe's output fits the ``depth`` the engine asks win_powershell for (review item X1).

win_powershell's Convert-OutputObject replaces a dictionary or list nested deeper than ``depth``
by its type name ('System.Collections.Hashtable'); the module's Python then fails on ``.get()``
of a string. A whole install (WSUS with SSL and the connection account on the SUP host, the SUP
role, proxy and account on the site server, sup_info and sup_log_verify on both) runs here through
the stand-in at the engine's depth, then every probe it sent is replayed with a depth that
squashes nothing, and its nesting is measured: a future probe that nests deeper fails here.
"""

from __future__ import annotations

import pathlib
import typing as t

import pytest
from labhost import LabHost
from labsim import scripts, standin
from labsim.winps_output import convert_output_object

import full_install
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import OUTPUT_DEPTH

UNLIMITED = 100


def nesting(value: t.Any) -> int:
    """Levels of dictionaries and lists in ``value`` (a scalar is 0, ``{'a': [1]}`` is 2): an output
    element of nesting N survives win_powershell's ``depth`` D exactly when N <= D."""
    if isinstance(value, dict):
        return 1 + max((nesting(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((nesting(item) for item in value), default=0)
    return 0


@pytest.fixture(scope='module')
def install(tmp_path_factory):
    """The steps' results and every win_powershell call (host, args) of a full lab install."""
    state = tmp_path_factory.mktemp('lab')
    calls: list[full_install.Call] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv('LAB_TIME_SCALE', '0')
        sup, site = LabHost(state, full_install.SUP), LabHost(state, full_install.CM, full_install.SITE)
        steps = full_install.install_steps(sup, site) + full_install.check_steps(sup, site)
        results = full_install.run_recorded(patch, calls, steps)
        replayed = [(standin.script_op(args['script']), host.name,
                     standin.run_script(dict(args, depth=UNLIMITED), False, host.environ())['output'])
                    for host, args in full_install.probes(calls)]
    return results, replayed


def test_a_full_install_runs_at_the_engines_depth(install):
    results, _ = install
    failed = {f'{module} on {host}': result.get('msg') for module, host, result in results
              if result.get('failed') and 'timed out' not in str(result.get('msg'))}
    assert not failed


def test_every_probe_nests_no_deeper_than_the_engines_depth(install):
    _, replayed = install
    deepest: dict[str, int] = {}
    for op, _, output in replayed:
        for element in output:
            deepest[op] = max(deepest.get(op, 0), nesting(element))
    assert {op: n for op, n in deepest.items() if n > OUTPUT_DEPTH} == {}
    assert max(deepest.values()) >= OUTPUT_DEPTH - 2, 'OUTPUT_DEPTH has more margin than it says; lower it'


def test_probe_output_is_unchanged_by_convert_output_object_at_the_engines_depth(install):
    _, replayed = install
    for op, host, output in replayed:
        assert convert_output_object(output, OUTPUT_DEPTH) == output, f'{op} on {host} is squashed'


def test_every_shipped_probe_script_is_measured(install):
    _, replayed = install
    shipped = {scripts.op_name(path.stem) for path in
               pathlib.Path(scripts.SCRIPT_DIR).glob('*_get.ps1') if not path.name.startswith('_')}
    assert shipped - {op for op, _, _ in replayed} == set()


def test_the_old_depth_squashed_three_probes_as_review_item_x1_says(install):
    _, replayed = install
    squashed = {op for op, _, output in replayed if convert_output_object(output, 4) != output}
    assert squashed == {'sup_info/get', 'wsus_connection_account_wsus_host/get', 'wsus_ssl_vroots/get'}
