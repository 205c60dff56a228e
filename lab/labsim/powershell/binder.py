"""Parameter binding: cmdlets from tests/fidelity/catalog.yml, scripts and functions from their param().

Sources: about_Parameters (named, positional, ``-Name:value``, unique prefixes), about_Splatting,
about_Parameter_Sets (the set is chosen from the named parameters; the default set breaks ties),
about_CommonParameters, about_Functions_Advanced_Parameters (Mandatory, ValidateSet, switch).
The error messages are PowerShell's ParameterBindingException texts.
"""

from __future__ import annotations

import dataclasses
import functools
import pathlib
import typing as t

import yaml

from labsim.powershell.api import LabUnsupported, PSError
from labsim.powershell.nodes import ParameterDef
from labsim.powershell.values import convert, full_type_name, to_bool, to_string, type_name_of

CATALOG_FILE = pathlib.Path(__file__).resolve().parents[3] / 'tests' / 'fidelity' / 'catalog.yml'

#: about_CommonParameters: name -> aliases
COMMON_PARAMETERS = {
    'Verbose': ('vb',), 'Debug': ('db',), 'ErrorAction': ('ea',), 'WarningAction': ('wa',),
    'InformationAction': ('infa',), 'ErrorVariable': ('ev',), 'WarningVariable': ('wv',),
    'InformationVariable': ('iv',), 'OutVariable': ('ov',), 'OutBuffer': ('ob',), 'PipelineVariable': ('pv',),
}
SHOULD_PROCESS_PARAMETERS = {'WhatIf': ('wi',), 'Confirm': ('cf',)}
COMMON_SWITCHES = frozenset({'Verbose', 'Debug', 'WhatIf', 'Confirm'})
ACTION_PREFERENCES = ('SilentlyContinue', 'Stop', 'Continue', 'Inquire', 'Ignore', 'Suspend')


def binding_error(message: str, error_id: str, exception: str = 'ParameterBindingException',
                  category: str = 'InvalidArgument') -> PSError:
    return PSError(message, error_id, category, f'System.Management.Automation.{exception}')


# ---- what a call passes -------------------------------------------------------------------------------


@dataclasses.dataclass
class Named:
    """``-Name`` (``value_given`` False: a switch, or the next argument is its value), ``-Name:value``
    or a splatted hashtable entry."""

    name: str
    value: t.Any = None
    value_given: bool = False


@dataclasses.dataclass
class Positional:
    value: t.Any


Argument = t.Union[Named, Positional]


# ---- the catalog ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ParameterSet:
    name: str
    parameters: tuple[str, ...]
    mandatory: tuple[str, ...]
    positional: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Signature:
    """A cmdlet as the catalog documents it."""

    name: str
    sets: tuple[ParameterSet, ...]
    aliases: dict[str, str]
    #: switch parameters; None when the catalog entry has no ``switches`` key (then a parameter
    #: written without a value cannot be told from one taking the next argument)
    switches: frozenset[str] | None
    should_process: bool
    confirm_impact: str

    @functools.cached_property
    def names(self) -> dict[str, str]:
        """Every accepted spelling (lower case) -> canonical name, common parameters included."""
        found: dict[str, str] = {}
        for parameter_set in self.sets:
            for name in parameter_set.parameters:
                found[name.lower()] = name
        for alias, target in self.aliases.items():
            found[alias.lower()] = target
        extra = dict(COMMON_PARAMETERS, **(SHOULD_PROCESS_PARAMETERS if self.should_process else {}))
        for name, aliases in extra.items():
            found[name.lower()] = name
            for alias in aliases:
                found[alias] = name
        return found

    def is_switch(self, canonical: str) -> bool:
        return canonical in COMMON_SWITCHES or (self.switches is not None and canonical.lower() in self.switches)


@functools.lru_cache(maxsize=1)
def catalog() -> dict[str, t.Any]:
    """tests/fidelity/catalog.yml, read once per process (with libyaml: every module call is a new
    process, and the pure-Python parser takes most of a second over this file)."""
    loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
    return yaml.load(CATALOG_FILE.read_text(encoding='utf-8'), Loader=loader)  # noqa: S506 (a safe loader)


@functools.lru_cache(maxsize=None)
def signature(name: str) -> Signature:
    """The catalog entry of cmdlet ``name`` (any case); LabUnsupported when there is none."""
    cmdlets = catalog().get('cmdlets') or {}
    entry = next((value for key, value in cmdlets.items() if key.lower() == name.lower()), None)
    if entry is None:
        raise LabUnsupported(f'{name} has a model but no entry in tests/fidelity/catalog.yml')
    sets = tuple(ParameterSet(set_name, tuple(spec.get('parameters') or ()), tuple(spec.get('mandatory') or ()),
                              tuple(spec.get('positional') or ()))
                 for set_name, spec in (entry.get('sets') or {'Default': {}}).items())
    default = entry.get('default_set')
    if default:
        sets = tuple(sorted(sets, key=lambda item: item.name != default))
    switches = entry.get('switches')
    return Signature(
        name=next(key for key in cmdlets if key.lower() == name.lower()),
        sets=sets,
        aliases=dict(entry.get('aliases') or {}),
        switches=frozenset(s.lower() for s in switches) if switches is not None else None,
        should_process=bool(entry.get('should_process')),
        confirm_impact=str(entry.get('confirm_impact') or 'Medium'),
    )


# ---- name resolution (exact, alias, unique prefix) ---------------------------------------------------


def resolve_name(written: str, names: dict[str, str]) -> str:
    lowered = written.lower()
    if lowered in names:
        return names[lowered]
    matches = sorted({canonical for spelling, canonical in names.items() if spelling.startswith(lowered)})
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise binding_error(f"Parameter cannot be processed because the parameter name '{written}' is ambiguous. "
                            f"Possible matches include: {' '.join('-' + m for m in matches)}.", 'AmbiguousParameter')
    raise binding_error(f"A parameter cannot be found that matches parameter name '{written}'.", 'NamedParameterNotFound')


def _pair_arguments(arguments: list[Argument], resolve: t.Callable[[str], str], is_switch: t.Callable[[str], bool],
                    switches_known: bool = True) -> tuple[dict[str, t.Any], list[t.Any]]:
    """Named values by canonical name and the positional values, in order."""
    named: dict[str, t.Any] = {}
    positional: list[t.Any] = []
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        index += 1
        if isinstance(argument, Positional):
            positional.append(argument.value)
            continue
        canonical = resolve(argument.name)
        if canonical in named:
            raise binding_error(f"Cannot bind parameter because parameter '{canonical}' is specified more than once. "
                                'To provide multiple values to parameters that can accept multiple values, use the '
                                'array syntax. For example, "-parameter value1,value2,value3".', 'ParameterAlreadyBound')
        if argument.value_given:
            named[canonical] = to_bool(argument.value) if is_switch(canonical) else argument.value
        elif is_switch(canonical):
            named[canonical] = True
        elif index < len(arguments) and isinstance(arguments[index], Positional):
            named[canonical] = arguments[index].value
            index += 1
        elif not switches_known:
            raise LabUnsupported(f'-{canonical} is written without a value and the catalog entry has no '
                                 '`switches` key telling whether it is a switch')
        else:
            raise binding_error(f"Missing an argument for parameter '{canonical}'. Specify a parameter of type "
                                "'System.Object' and try again.", 'MissingArgument')
    return named, positional


# ---- cmdlets -------------------------------------------------------------------------------------------


@dataclasses.dataclass
class BoundCall:
    params: dict[str, t.Any]
    common: dict[str, t.Any]


def bind_cmdlet(sig: Signature, arguments: list[Argument], has_input: bool) -> BoundCall:
    """Bind a cmdlet call against its catalog signature (named, then the parameter set, then
    positional and mandatory), PowerShell's errors when it does not bind."""
    named, positional = _pair_arguments(arguments, lambda written: resolve_name(written, sig.names), sig.is_switch,
                                        sig.switches is not None)
    common = {key: value for key, value in named.items() if key in COMMON_PARAMETERS or key in SHOULD_PROCESS_PARAMETERS}
    regular = {key: value for key, value in named.items() if key not in common}
    _check_common(common)
    successes: list[tuple[str, dict[str, t.Any]]] = []
    failure_missing: list[str] | None = None
    failure_positional: list[t.Any] = []
    for parameter_set in sig.sets:
        if not set(regular) <= set(parameter_set.parameters):
            continue
        free = [name for name in parameter_set.positional if name not in regular]
        if len(positional) > len(free):
            failure_positional = failure_positional or [positional[len(free)]]
            continue
        params = dict(regular)
        params.update(zip(free, positional))
        missing = [name for name in parameter_set.mandatory
                   if name not in params and not (name == 'InputObject' and has_input)]
        if missing:
            failure_missing = failure_missing or missing
            continue
        successes.append((parameter_set.name, params))
    if successes:
        # Several sets fit: the default set (the catalog's default_set, else the first listed) wins;
        # without it, only candidates binding the same values are indistinguishable.
        chosen = successes[0][1]
        if successes[0][0] != sig.sets[0].name and any(params != chosen for _, params in successes[1:]):
            raise binding_error('Parameter set cannot be resolved using the specified named parameters.',
                                'AmbiguousParameterSet')
        return BoundCall(chosen, common)
    if failure_missing:
        raise binding_error('Cannot process command because of one or more missing mandatory parameters: '
                            + ' '.join(failure_missing) + '.', 'MissingMandatoryParameter')
    if failure_positional:
        raise binding_error("A positional parameter cannot be found that accepts argument "
                            f"'{to_string(failure_positional[0])}'.", 'PositionalParameterNotFound')
    raise binding_error('Parameter set cannot be resolved using the specified named parameters.', 'AmbiguousParameterSet')


def _check_common(common: dict[str, t.Any]) -> None:
    for key in ('ErrorAction', 'WarningAction', 'InformationAction'):
        if key in common:
            common[key] = action_preference(common[key], key)


def action_preference(value: t.Any, parameter: str) -> str:
    """An ActionPreference value (``-ErrorAction SilentlyContinue``, ``$ErrorActionPreference``)."""
    text = to_string(value).strip()
    for name in ACTION_PREFERENCES:
        if name.lower() == text.lower():
            return name
    raise binding_error(f"Cannot bind parameter '{parameter}'. Cannot convert value \"{text}\" to type "
                        '"System.Management.Automation.ActionPreference". Error: "Unable to match the identifier '
                        f'name {text} to a valid enumerator name. Specify one of the following enumerator names and '
                        'try again:\r\n' + ', '.join(ACTION_PREFERENCES) + '"', 'CannotConvertArgumentNoMessage')


# ---- scripts and functions ---------------------------------------------------------------------------


def _is_switch_type(parameter: ParameterDef) -> bool:
    return parameter.type is not None and full_type_name(parameter.type.name) == 'System.Management.Automation.SwitchParameter'


def bind_declared(parameters: tuple[ParameterDef, ...], arguments: list[Argument], *, advanced: bool,
                  should_process: bool, session: t.Any) -> tuple[dict[str, t.Any], dict[str, t.Any], list[t.Any]]:
    """Bind a script's or function's param(): (bound values by declared name, common parameters,
    the positional values left over for ``$args``). Values are converted to the declared types."""
    names = {parameter.name.lower(): parameter.name for parameter in parameters}
    if advanced:
        for name, aliases in dict(COMMON_PARAMETERS, **(SHOULD_PROCESS_PARAMETERS if should_process else {})).items():
            names.setdefault(name.lower(), name)
            for alias in aliases:
                names.setdefault(alias, name)
    by_name = {parameter.name: parameter for parameter in parameters}

    def is_switch(canonical: str) -> bool:
        return canonical in COMMON_SWITCHES if canonical not in by_name else _is_switch_type(by_name[canonical])

    named, positional = _pair_arguments(arguments, lambda written: resolve_name(written, names), is_switch)
    common = {key: value for key, value in named.items() if key not in by_name}
    _check_common(common)
    bound = {key: value for key, value in named.items() if key in by_name}
    for parameter in parameters:
        if not positional:
            break
        if parameter.name not in bound and not _is_switch_type(parameter):
            bound[parameter.name] = positional.pop(0)
    if positional and advanced:
        raise binding_error(f"A positional parameter cannot be found that accepts argument '{to_string(positional[0])}'.",
                            'PositionalParameterNotFound')
    missing = [parameter.name for parameter in parameters if parameter.mandatory and parameter.name not in bound]
    if missing:
        raise binding_error('Cannot process command because of one or more missing mandatory parameters: '
                            + ' '.join(missing) + '.', 'MissingMandatoryParameter')
    for name, value in bound.items():
        bound[name] = convert_argument(by_name[name], value, session)
    return bound, common, positional


def convert_argument(parameter: ParameterDef, value: t.Any, session: t.Any) -> t.Any:
    """A bound value converted to the parameter's type and validated (ValidateSet, Mandatory)."""
    name = parameter.name
    if parameter.type is not None:
        full = full_type_name(parameter.type.name)
        if full in ('System.Boolean', 'System.Nullable[System.Boolean]', 'System.Management.Automation.SwitchParameter') \
                and not (value is None and full.startswith('System.Nullable')) \
                and not isinstance(value, (bool, int, float)):
            raise binding_error(f"Cannot process argument transformation on parameter '{name}'. Cannot convert value "
                                f'"{type_name_of(value)}" to type "{full if "Nullable" not in full else "System.Boolean"}". '
                                'Boolean parameters accept only Boolean values and numbers, such as $True, $False, '
                                '1 or 0.', 'ParameterArgumentTransformationError',
                                'ParameterBindingArgumentTransformationException')
        try:
            value = convert(value, parameter.type.name, session)
        except PSError as error:
            raise binding_error(f"Cannot process argument transformation on parameter '{name}'. "
                                f'{error.record.message}', 'ParameterArgumentTransformationError',
                                'ParameterBindingArgumentTransformationException') from None
    if parameter.mandatory:
        _check_mandatory_value(name, value)
    if parameter.validate_set is not None:
        allowed = parameter.validate_set
        for item in (value if isinstance(value, list) else [value]):
            if not any(to_string(item).lower() == to_string(choice).lower() for choice in allowed):
                raise binding_error(f"Cannot validate argument on parameter '{name}'. The argument \"{to_string(item)}\" "
                                    f'does not belong to the set "{",".join(to_string(c) for c in allowed)}" specified by '
                                    'the ValidateSet attribute. Supply an argument that is in the set and then try the '
                                    'command again.', 'ParameterArgumentValidationError',
                                    'ParameterBindingValidationException', 'InvalidData')
    return value


def _check_mandatory_value(name: str, value: t.Any) -> None:
    """A mandatory parameter refuses $null, '' and an empty array (about_Functions_Advanced_Parameters:
    AllowNull / AllowEmptyString / AllowEmptyCollection are what would permit them)."""
    def refuse(what: str, error_id: str) -> t.NoReturn:
        raise binding_error(f"Cannot bind argument to parameter '{name}' because it is {what}.", error_id,
                            'ParameterBindingValidationException', 'InvalidData')
    if value is None:
        refuse('null', 'ParameterArgumentValidationErrorNullNotAllowed')
    if isinstance(value, str) and value == '':
        refuse('an empty string', 'ParameterArgumentValidationErrorEmptyStringNotAllowed')
    if isinstance(value, list):
        if not value:
            refuse('an empty array', 'ParameterArgumentValidationErrorEmptyArrayNotAllowed')
        for item in value:
            if item is None:
                refuse('null', 'ParameterArgumentValidationErrorNullNotAllowed')
            if isinstance(item, str) and item == '':
                refuse('an empty string', 'ParameterArgumentValidationErrorEmptyStringNotAllowed')
