"""win_powershell's ``error`` entries, built from the lab interpreter's ``api.ErrorRecord``.

Reproduces the ``$module.Result.error = @($ps.Streams.Error | ForEach-Object ...)`` block and
``Format-Exception`` of ansible.windows ``plugins/modules/win_powershell.ps1`` (3.3.0, near the
end of the file), checked against the upstream integration test (``tests/integration/targets/
win_powershell/tasks/tests.yml``, "dont fail with error record"): category ``NotSpecified`` is
id 0, ``reason`` is the exception's short type name, ``activity`` the command that wrote it,
``script_stack_trace`` is ``at <ScriptBlock>, <No file>: line N`` for a script added with
``AddScript``, ``pipeline_iteration_info`` ``[0, 0]``, ``exception.source``/``help_link`` null.

What the lab cannot know is approximated and marked: the column in ``At line:N char:C`` (the
first non-blank character of the line) and ``pipeline_iteration_info`` for a ``throw``.
"""

from __future__ import annotations

import typing as t

from labsim.context import Secret
from labsim.powershell import api
from labsim.winps_output import convert_output_object, to_string, type_name

#: System.Management.Automation.ErrorCategory
CATEGORIES = (
    'NotSpecified', 'OpenError', 'CloseError', 'DeviceError', 'DeadlockDetected', 'InvalidArgument',
    'InvalidData', 'InvalidOperation', 'InvalidResult', 'InvalidType', 'MetadataError', 'NotImplemented',
    'NotInstalled', 'ObjectNotFound', 'OperationStopped', 'OperationTimeout', 'SyntaxError', 'ParserError',
    'PermissionDenied', 'ResourceBusy', 'ResourceExists', 'ResourceUnavailable', 'ReadError', 'WriteError',
    'FromStdErr', 'SecurityError', 'ProtocolError', 'ConnectionError', 'AuthenticationError',
    'LimitsExceeded', 'QuotaExceeded', 'NotEnabled')

#: Exception.HResult of the types the lab raises (.NET reference source); others inherit their base's
HRESULTS = {
    'System.Exception': -2146233088,                       # COR_E_EXCEPTION
    'System.SystemException': -2146233087,                 # COR_E_SYSTEM
    'System.ArgumentException': -2147024809,               # E_INVALIDARG
    'System.InvalidOperationException': -2146233079,       # COR_E_INVALIDOPERATION
    'System.IO.IOException': -2146232800,                  # COR_E_IO
    'System.IO.FileNotFoundException': -2147024894,        # ERROR_FILE_NOT_FOUND
    'System.UnauthorizedAccessException': -2147024891,     # E_ACCESSDENIED
    'System.Runtime.InteropServices.ExternalException': -2147467259,  # E_FAIL
    'System.ComponentModel.Win32Exception': -2147467259,
}


def error_entry(record: api.ErrorRecord, depth: int, script: str = '') -> dict[str, t.Any]:
    """One entry of the module's ``error`` list."""
    short = record.exception_type.rsplit('.', 1)[-1]
    return {
        'output': _out_string(record, short, script),
        'error_details': None,
        'exception': format_exception(record),
        'target_object': convert_output_object(record.target, depth),
        'category_info': {
            'category': record.category,
            'category_id': category_id(record.category),
            'activity': record.command,
            'reason': short,
            'target_name': '' if record.target is None else to_string(record.target),
            'target_type': '' if record.target is None else _short_type(record.target),
        },
        'fully_qualified_error_id': record.fully_qualified_error_id,
        'script_stack_trace': f'at <ScriptBlock>, <No file>: line {record.line}' if record.line else '',
        'pipeline_iteration_info': [0, 0],
    }


def format_exception(record: api.ErrorRecord) -> dict[str, t.Any]:
    """``Format-Exception``: the lab's errors carry no inner exception, source or help link."""
    return {'message': record.message, 'type': record.exception_type, 'help_link': None, 'source': None,
            'hresult': hresult(record.exception_type), 'inner_exception': None}


def category_id(category: str) -> int:
    for number, name in enumerate(CATEGORIES):
        if name.lower() == category.lower():
            return number
    raise api.LabUnsupported(f'unknown ErrorCategory {category!r}')


def hresult(exception_type: str) -> int:
    current: str | None = exception_type
    while current:
        if current in HRESULTS:
            return HRESULTS[current]
        current = api.EXCEPTION_BASES.get(current)
    return HRESULTS['System.Exception']


def record_properties(record: api.ErrorRecord) -> list[tuple[str, t.Any]]:
    """``$record.PSObject.Properties`` (an ErrorRecord written to output with ``2>&1``). The
    InvocationInfo object is not modelled: expanding it fails loudly instead of inventing it."""
    exception = _Exception(record)
    return [('PSMessageDetails', None), ('Exception', exception), ('TargetObject', record.target),
            ('CategoryInfo', _CategoryInfo(record)), ('FullyQualifiedErrorId', record.fully_qualified_error_id),
            ('ErrorDetails', None), ('InvocationInfo', _InvocationInfo()),
            ('ScriptStackTrace', f'at <ScriptBlock>, <No file>: line {record.line}' if record.line else ''),
            ('PipelineIterationInfo', [0, 0])]


class _Exception(api.DotNetObject):
    PROPERTIES = ('Message', 'Data', 'InnerException', 'TargetSite', 'StackTrace', 'HelpLink', 'Source', 'HResult')

    def __init__(self, record: api.ErrorRecord):
        self.TYPE_NAME = record.exception_type
        super().__init__(Message=record.message, Data=api.Hashtable(), HResult=hresult(record.exception_type))

    def ps_to_string(self) -> str:
        return f'{self.TYPE_NAME}: {self.props["Message"]}'  # Exception.ToString() without a stack trace


class _CategoryInfo(api.DotNetObject):
    TYPE_NAME = 'System.Management.Automation.ErrorCategoryInfo'
    PROPERTIES = ('Category', 'Activity', 'Reason', 'TargetName', 'TargetType')

    def __init__(self, record: api.ErrorRecord):
        super().__init__(Category=api.PSEnum('System.Management.Automation.ErrorCategory', record.category,
                                             category_id(record.category)),
                         Activity=record.command, Reason=record.exception_type.rsplit('.', 1)[-1],
                         TargetName='' if record.target is None else to_string(record.target),
                         TargetType='' if record.target is None else _short_type(record.target))

    def ps_to_string(self) -> str:
        return f'{self.props["Category"].name}: ({self.props["TargetName"]}:{self.props["TargetType"]}) ' \
               f'[{self.props["Activity"]}], {self.props["Reason"]}'


class _InvocationInfo(api.DotNetObject):
    TYPE_NAME = 'System.Management.Automation.InvocationInfo'
    PROPERTIES = ('MyCommand', 'BoundParameters', 'UnboundArguments', 'ScriptLineNumber', 'OffsetInLine',
                  'HistoryId', 'ScriptName', 'Line', 'PositionMessage', 'PSScriptRoot', 'PSCommandPath',
                  'InvocationName', 'PipelineLength', 'PipelinePosition', 'ExpectingInput', 'CommandOrigin',
                  'DisplayScriptPosition')

    def ps_get(self, name: str) -> t.Any:
        raise api.LabUnsupported('Convert-OutputObject of an ErrorRecord\'s InvocationInfo is not modelled '
                                 '(cast the record to [string] in the script, as ours do)')


def _out_string(record: api.ErrorRecord, short: str, script: str) -> str:
    """``$record | Out-String`` in Windows PowerShell 5.1's NormalView (the char column is approximate)."""
    head = f'{record.command} : {record.message}' if record.command else record.message
    lines = script.splitlines()
    position = ''
    if 0 < record.line <= len(lines):
        text = lines[record.line - 1]
        column = len(text) - len(text.lstrip()) + 1
        position = f'At line:{record.line} char:{column}\n+ {text.strip()}\n+ {"~" * len(text.strip())}\n'
    return (f'{head}\n{position}    + CategoryInfo          : {_CategoryInfo(record).ps_to_string()}\n'
            f'    + FullyQualifiedErrorId : {record.fully_qualified_error_id}\n \n')


def _short_type(value: t.Any) -> str:
    """CategoryInfo.TargetType: the target's ``GetType().Name``."""
    if isinstance(value, bool):
        return 'Boolean'
    if isinstance(value, str):
        return 'String'
    if isinstance(value, int):
        return 'Int32' if -2**31 <= value < 2**31 else 'Int64'
    if isinstance(value, float):
        return 'Double'
    if isinstance(value, api.PSEnum):
        return value.type_name.rsplit('.', 1)[-1]
    if isinstance(value, api.DotNetObject):
        return value.TYPE_NAME.rsplit('.', 1)[-1]
    if isinstance(value, Secret):
        return 'SecureString' if value.username is None else 'PSCredential'
    if isinstance(value, api.PSObject):
        return 'PSCustomObject'
    if isinstance(value, (dict, list)):
        return type_name(value).rsplit('.', 1)[-1]
    return 'Object'
