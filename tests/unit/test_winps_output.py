"""Convert-OutputObject as the lab reproduces it: the depth squash, enums, dates, secrets, objects.

Expected values come from ansible.windows' own integration test (tests/integration/targets/
win_powershell/tasks/tests.yml, "run script with various output types" and "output with larger
depth") where it covers the case, else from the function's source.
"""

from __future__ import annotations

import datetime

import pytest
from labsim.context import Secret
from labsim.powershell import api
from labsim.winps_output import convert_output_object

UTC_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


class DirectoryInfo(api.DotNetObject):
    TYPE_NAME = 'System.IO.DirectoryInfo'
    PROPERTIES = ('Name', 'FullName', 'Exists')

    def ps_to_string(self) -> str:
        return self.props['FullName']


def table(**items):
    return api.Hashtable(items.items())


def test_upstream_larger_depth_case_squashes_the_fifth_level_to_joined_strings():
    output = ['normal 0', ['normal 1', ['normal 2', ['normal 3', ['squashed', ['even more squashed']]]]]]
    assert convert_output_object(output, 3) == \
        ['normal 0', ['normal 1', ['normal 2', ['normal 3', 'squashed System.Object[]']]]]


def test_upstream_list_case_at_the_default_depth():
    windows = DirectoryInfo(Name='Windows', FullName='C:\\Windows', Exists=True)
    element = ['entry 1', None, 1, ['level2', ['level3', 'value']], [], [1], [None], table(key='value', exceed=windows)]
    assert convert_output_object([element], 2) == [
        ['entry 1', None, 1, ['level2', 'level3 value'], [], [1], [None], {'key': 'value', 'exceed': 'C:\\Windows'}]]


def test_upstream_dictionary_case_squashes_nested_hashtables_to_their_type_name():
    element = table(foo='bar', list=[table(foo='bar'), 'value 2'], empty_list=[], null_list=[None], list_with_1=[1],
                    nested=table(foo='bar', exceed=table(foo='bar')))
    assert convert_output_object([element], 2) == [{
        'foo': 'bar', 'list': ['System.Collections.Hashtable', 'value 2'], 'empty_list': [], 'null_list': [None],
        'list_with_1': [1], 'nested': {'foo': 'bar', 'exceed': 'System.Collections.Hashtable'}}]


def test_upstream_custom_object_case_with_date_enum_and_nested_object():
    element = api.PSObject({
        'Key': 'value', 'DateTime': UTC_EPOCH, 'Enum': api.PSEnum('System.IO.FileAccess', 'Read', 1),
        'List': ['value 1', 'value 2'], 'Nested': api.PSObject({'Exceed': table(foo='bar'), 'Key': 'value'})})
    assert convert_output_object([element], 2) == [{
        'Key': 'value', 'DateTime': '1970-01-01T00:00:00.0000000Z',
        'Enum': {'Type': 'System.IO.FileAccess', 'String': 'Read', 'Value': 1},
        'List': ['value 1', 'value 2'], 'Nested': {'Exceed': 'System.Collections.Hashtable', 'Key': 'value'}}]


def test_upstream_scalars_and_flags_enum():
    flags = api.PSEnum('System.IO.FileAttributes', 'Hidden, Archive', 34)
    assert convert_output_object([None, 'string', 1, flags], 2) == \
        [None, 'string', 1, {'Type': 'System.IO.FileAttributes', 'String': 'Hidden, Archive', 'Value': 34}]


def test_upstream_ansible_result_list_of_date_and_string():
    assert convert_output_object([UTC_EPOCH, 'string'], 2) == ['1970-01-01T00:00:00.0000000Z', 'string']


def test_strings_numbers_and_bools_survive_any_depth():
    assert convert_output_object(['x', 7, 2.5, True], -3) == 'x 7 2.5 True'  # the list itself is squashed
    assert [convert_output_object(value, -9) for value in ('x', 7, 2.5, False)] == ['x', 7, 2.5, False]


def test_an_enum_below_depth_zero_is_its_number():
    assert convert_output_object([[api.PSEnum('System.ServiceProcess.ServiceControllerStatus', 'Running', 4)]], 1) == [[4]]


@pytest.mark.parametrize('value, squashed', [
    (api.Hashtable(), 'System.Collections.Hashtable'),
    (api.Hashtable(ordered=True), 'System.Collections.Specialized.OrderedDictionary'),
    ({'plain': 'dict'}, 'System.Collections.Hashtable'),
    ([[1, 2], api.Hashtable()], 'System.Object[] System.Collections.Hashtable'),
    (api.PSArray([1, 2], 'System.Byte'), '1 2'),
    ([api.PSArray([1], 'System.Byte'), None, 'x'], 'System.Byte[]  x'),
    (api.PSObject({'a': 1, 'b': [1], 'c': api.PSObject({'d': True})}), '@{a=1; b=System.Object[]; c=@{d=True}}'),
    (api.PSObject(), ''),
    ([0.1 + 0.2, 1e20], '0.3 1E+20'),
    (Secret('pw'), 'System.Security.SecureString'),
    (Secret('pw', 'CONTOSO\\user'), 'System.Management.Automation.PSCredential'),
    (DirectoryInfo(Name='Windows', FullName='C:\\Windows'), 'C:\\Windows'),
])
def test_a_container_below_depth_zero_becomes_its_string_cast(value, squashed):
    assert convert_output_object(value, -1) == squashed


def test_dates_use_the_round_trip_format_of_their_kind():
    local = datetime.datetime(2026, 11, 21, 9, 0, 0, 123456)  # naive: Kind Local on a UTC host
    offset = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=-5, minutes=-30)))
    assert convert_output_object(local, 0) == '2026-11-21T09:00:00.1234560+00:00'
    assert convert_output_object(offset, 0) == '2026-11-21T09:00:00.0000000-05:30'
    assert convert_output_object(UTC_EPOCH, -1) == '1970-01-01T00:00:00.0000000Z'


def test_objects_become_their_properties_in_order():
    windows = DirectoryInfo(Name='Windows', FullName='C:\\Windows', Exists=True)
    assert list(convert_output_object(windows, 1)) == ['Name', 'FullName', 'Exists']
    assert convert_output_object(Secret('four'), 0) == {'Length': 4}
    assert convert_output_object(Secret('pw', 'CONTOSO\\user'), 1) == {'UserName': 'CONTOSO\\user', 'Password': {'Length': 2}}
    assert convert_output_object(Secret('pw', 'CONTOSO\\user'), 0) == \
        {'UserName': 'CONTOSO\\user', 'Password': 'System.Security.SecureString'}


def test_non_string_keys_are_written_as_strings():
    assert convert_output_object(api.Hashtable([(1, 'a'), (2.5, 'b')]), 1) == {'1': 'a', '2.5': 'b'}


def test_an_error_record_from_2_redirection_shows_its_properties_squashed():
    record = api.ErrorRecord('boom', 'NativeCommandError', 'NotSpecified', 'System.Management.Automation.RemoteException')
    converted = convert_output_object([record], 1)[0]
    assert converted['Exception'] == 'System.Management.Automation.RemoteException: boom'
    assert converted['CategoryInfo'] == 'NotSpecified: (:) [], RemoteException'
    assert converted['FullyQualifiedErrorId'] == 'NativeCommandError'
    assert converted['InvocationInfo'] == 'System.Management.Automation.InvocationInfo'
    assert converted['PipelineIterationInfo'] == '0 0'


def test_expanding_what_the_lab_does_not_model_fails_loudly():
    record = api.ErrorRecord('boom')
    with pytest.raises(api.LabUnsupported, match='InvocationInfo'):
        convert_output_object([record], 2)
    with pytest.raises(api.LabUnsupported, match='Type'):
        convert_output_object([str], 2)
    with pytest.raises(api.LabUnsupported, match='set'):
        convert_output_object([{1, 2}], 2)
