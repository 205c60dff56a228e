"""What the lab (and the static tests) need to know about a PowerShell script, read with tree-sitter.

The stand-in refuses parameters a script does not declare, as PowerShell's parameter binder
would, and skips scripts without SupportsShouldProcess in check mode, as win_powershell does.
"""

from __future__ import annotations

import dataclasses
import functools
import re

import tree_sitter_powershell
from tree_sitter import Language, Parser

OP_HEADER = re.compile(r'^# op: (\S+)$', re.MULTILINE)


@dataclasses.dataclass(frozen=True)
class ScriptParameter:
    name: str
    mandatory: bool
    type_name: str | None


@dataclasses.dataclass(frozen=True)
class ScriptInfo:
    op: str | None
    parameters: tuple[ScriptParameter, ...]
    supports_should_process: bool
    sets_changed_false: bool
    has_error: bool

    def parameter(self, name: str) -> ScriptParameter | None:
        """PowerShell binds parameter names case-insensitively."""
        for parameter in self.parameters:
            if parameter.name.lower() == name.lower():
                return parameter
        return None


@functools.lru_cache(maxsize=None)
def parser() -> Parser:
    return Parser(Language(tree_sitter_powershell.language()))


def _children(node, node_type):
    return [child for child in node.children if child.type == node_type]


def _attribute_name(attribute) -> str:
    names = _children(attribute, 'attribute_name')
    return names[0].text.decode().strip() if names else ''


@functools.lru_cache(maxsize=64)
def inspect_script(text: str) -> ScriptInfo:
    """Parse a script once: its op header, top-level param() block and check-mode markers."""
    tree = parser().parse(text.encode('utf-8'))
    root = tree.root_node
    match = OP_HEADER.search(text)
    parameters = []
    blocks = _children(root, 'param_block')
    if blocks:
        for parameter_list in _children(blocks[0], 'parameter_list'):
            for parameter in _children(parameter_list, 'script_parameter'):
                parameters.append(_script_parameter(parameter))
    if root.has_error:
        should_process = SHOULD_PROCESS_FALLBACK.search(text) is not None
    else:
        should_process = bool(blocks) and _should_process(blocks[0])
    changed_false = re.search(r'\$Ansible\.Changed\s*=\s*\$false', text, re.IGNORECASE) is not None
    return ScriptInfo(match.group(1) if match else None, tuple(parameters), should_process,
                      changed_false, root.has_error)


#: win_powershell.ps1's scanner for a script that does not parse (-match: case-insensitive). The lab
#: uses it whenever tree-sitter reports an error, including tree-sitter's known false positives
#: (a script made only of param(), only comments), where PowerShell's parser would use the AST rule.
#: Source: ansible.windows 3.3.0 win_powershell.ps1, the ``$supportsShouldProcess`` block after
#: ``[Parser]::ParseInput`` (issue #452 in its comment).
SHOULD_PROCESS_FALLBACK = re.compile(
    r'\[CmdletBinding\((?:[\w=\$]+,\s*)?SupportsShouldProcess(?:=\$true)?(?:,\s*[\w=\$]+)?\)\]', re.IGNORECASE)


def _should_process(block) -> bool:
    """win_powershell.ps1's rule: the FIRST attribute of the top-level param block whose type name
    is ``CmdletBinding`` has a named argument ``SupportsShouldProcess`` that is either bare or
    written ``$true`` (any case). ``=$false``, ``=1`` or ``[System.Management.Automation.
    CmdletBinding(...)]`` do not count."""
    for attribute_list in _children(block, 'attribute_list'):
        for attribute in _children(attribute_list, 'attribute'):
            if _attribute_name(attribute).lower() != 'cmdletbinding':
                continue
            for arguments in _children(attribute, 'attribute_arguments'):
                for argument in _children(arguments, 'attribute_argument'):
                    names = _children(argument, 'simple_name')
                    if not names or names[0].text.decode().lower() != 'supportsshouldprocess':
                        continue
                    value = argument.text.decode().partition('=')[2].strip()
                    if '=' not in argument.text.decode() or value.lower() == '$true':
                        return True
            return False
    return False


def _script_parameter(node) -> ScriptParameter:
    variable = _children(node, 'variable')[0].text.decode()
    mandatory = False
    type_name = None
    for attribute_list in _children(node, 'attribute_list'):
        for attribute in _children(attribute_list, 'attribute'):
            literal = _children(attribute, 'type_literal')
            if literal:
                type_name = literal[0].text.decode()[1:-1].lower()
                continue
            if _attribute_name(attribute).lower() == 'parameter':
                arguments = attribute.text.decode().lower().replace(' ', '')
                mandatory = bool(re.search(r'mandatory(=\$true)?(,|\))', arguments))
    return ScriptParameter(variable.lstrip('$'), mandatory, type_name)
