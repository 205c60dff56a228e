"""The contract between the lab's PowerShell interpreter and the Windows models it calls.

The interpreter (``labsim.powershell.interpreter``) runs our scripts as sent; everything Windows
does is a *model* registered here: a command (cmdlet or native program), a .NET type used as
``[Type]::Member`` or as a cast, or an object a command returns. Models see only what PowerShell
gives a real cmdlet (bound parameters, pipeline input, the session) and answer only what Microsoft
documents (properties, errors, side effects on the host state).

Values that cross this boundary:

=========================  =====================================================================
PowerShell                 Python
=========================  =====================================================================
``$null``                  ``None``
bool / int / long / double ``bool`` / ``int`` / ``float``
string                     ``str``
``object[]``               ``list`` (``PSArray`` when a typed array such as ``byte[]``)
hashtable, ``[ordered]``   ``Hashtable`` (case-insensitive keys, insertion order kept)
``[PSCustomObject]``       ``PSObject``
a .NET object of a model   a ``DotNetObject`` subclass: documented properties and methods only
an enum value              ``PSEnum``
``DateTime``               ``datetime.datetime`` (naive = local time, tz-aware UTC = Kind Utc)
SecureString / credential  ``labsim.context.Secret``
switch parameter value     ``bool`` (``True`` when given)
=========================  =====================================================================
"""

from __future__ import annotations

import dataclasses
import typing as t

# ---- errors ------------------------------------------------------------------------------------------


@dataclasses.dataclass
class ErrorRecord:
    """What PowerShell keeps of an error (System.Management.Automation.ErrorRecord)."""

    message: str
    error_id: str = 'RuntimeException'
    category: str = 'NotSpecified'
    exception_type: str = 'System.Management.Automation.RuntimeException'
    target: t.Any = None
    #: the command that wrote it ('Get-LocalGroupMember'), '' for a script's throw
    command: str = ''
    #: where in the script: (script name, 1-based line), filled by the interpreter
    script: str = ''
    line: int = 0
    #: the .NET exception a MethodInvocationException wraps (a model's method raised it); ``catch``
    #: matches it as PowerShell matches the inner exception of a method call
    inner: 'ErrorRecord | None' = None

    @property
    def fully_qualified_error_id(self) -> str:
        return self.error_id


class PSError(Exception):
    """A terminating error: ``throw``, a cmdlet's ThrowTerminatingError, a .NET exception, or a
    non-terminating error made terminating by ``-ErrorAction Stop`` / ``$ErrorActionPreference``.
    ``try``/``catch`` in the script catches it."""

    def __init__(self, message: str, error_id: str = 'RuntimeException', category: str = 'NotSpecified',
                 exception_type: str = 'System.Management.Automation.RuntimeException', target: t.Any = None,
                 record: ErrorRecord | None = None):
        super().__init__(message)
        self.record = record or ErrorRecord(message, error_id, category, exception_type, target)


class LabUnsupported(Exception):
    """The lab cannot run this faithfully: an unknown command, an undefined variable, a member the
    modelled object does not have, unsupported syntax. Never caught by the script's try/catch;
    the run fails naming the script and line, so a gap in the lab is never a silent ``$null``."""

    def __init__(self, message: str, script: str = '', line: int = 0):
        where = f'{script}:{line}: ' if script else ''
        super().__init__(f'lab: {where}{message}')
        self.script = script
        self.line = line


#: .NET exception type -> its base type, so ``catch [Base]`` catches the derived ones
EXCEPTION_BASES: dict[str, str] = {
    'System.Security.Principal.IdentityNotMappedException': 'System.SystemException',
    'System.Management.Automation.ItemNotFoundException': 'System.Management.Automation.SessionStateException',
    'System.Management.Automation.DriveNotFoundException': 'System.Management.Automation.SessionStateException',
    'System.Management.Automation.SessionStateException': 'System.Management.Automation.RuntimeException',
    'System.Management.Automation.CommandNotFoundException': 'System.Management.Automation.RuntimeException',
    'System.Management.Automation.ParameterBindingException': 'System.Management.Automation.RuntimeException',
    'System.Management.Automation.MethodInvocationException': 'System.Management.Automation.RuntimeException',
    'System.Management.Automation.RuntimeException': 'System.SystemException',
    'System.InvalidOperationException': 'System.SystemException',
    'System.ArgumentException': 'System.SystemException',
    'System.IO.IOException': 'System.SystemException',
    'System.IO.FileNotFoundException': 'System.IO.IOException',
    'System.UnauthorizedAccessException': 'System.SystemException',
    'System.Runtime.InteropServices.COMException': 'System.Runtime.InteropServices.ExternalException',
    'System.Runtime.InteropServices.ExternalException': 'System.SystemException',
    'System.SystemException': 'System.Exception',
    # added with the interpreter: the exceptions it raises itself
    'System.Management.Automation.ParameterBindingValidationException':
        'System.Management.Automation.ParameterBindingException',
    'System.Management.Automation.ParameterBindingArgumentTransformationException':
        'System.Management.Automation.ParameterBindingException',
    'System.Management.Automation.RemoteException': 'System.Management.Automation.RuntimeException',
    'System.Management.Automation.ActionPreferenceStopException': 'System.Management.Automation.RuntimeException',
    'System.Management.Automation.PSInvalidOperationException': 'System.InvalidOperationException',
    'System.Management.Automation.PSInvalidCastException': 'System.InvalidCastException',
    'System.Management.Automation.WildcardPatternException': 'System.Management.Automation.RuntimeException',
    'System.InvalidCastException': 'System.SystemException',
    'System.FormatException': 'System.SystemException',
    'System.IndexOutOfRangeException': 'System.SystemException',
    'System.ArgumentNullException': 'System.ArgumentException',
    'System.ArgumentOutOfRangeException': 'System.ArgumentException',
}


def exception_is(exception_type: str, wanted: str) -> bool:
    """``catch [wanted]`` catches ``exception_type`` (names compare case-insensitively; ``System.``
    may be left out as PowerShell allows)."""
    def norm(name: str) -> str:
        name = name.strip('[]').lower()
        return name if name.startswith('system.') or '.' in name else 'system.' + name
    current: str | None = exception_type
    while current:
        if norm(current) == norm(wanted):
            return True
        current = EXCEPTION_BASES.get(current)
    return norm(wanted) == 'system.exception'


# ---- values ------------------------------------------------------------------------------------------


class Hashtable(dict):
    """``@{}`` / ``[ordered]@{}``: keys compare case-insensitively (string keys), order of insertion kept.
    Python dict semantics apply to the canonical (first written) spelling of a key."""

    def __init__(self, items: t.Iterable[tuple[t.Any, t.Any]] = (), ordered: bool = False):
        super().__init__()
        self.ordered = ordered
        for key, value in items:
            self[key] = value

    def _canonical(self, key: t.Any) -> t.Any:
        if isinstance(key, str):
            lowered = key.lower()
            for existing in dict.keys(self):
                if isinstance(existing, str) and existing.lower() == lowered:
                    return existing
        return key

    def __getitem__(self, key):
        return dict.get(self, self._canonical(key))  # a missing key is $null, as in PowerShell

    def __setitem__(self, key, value):
        dict.__setitem__(self, self._canonical(key), value)

    def __contains__(self, key):
        return dict.__contains__(self, self._canonical(key))

    def __delitem__(self, key):
        dict.__delitem__(self, self._canonical(key))

    def get(self, key, default=None):
        key = self._canonical(key)
        return dict.get(self, key, default)

    def pop(self, key, *default):
        return dict.pop(self, self._canonical(key), *default)

    def clone(self) -> 'Hashtable':
        return Hashtable(self.items(), ordered=self.ordered)

    @property
    def type_name(self) -> str:
        return 'System.Collections.Specialized.OrderedDictionary' if self.ordered else 'System.Collections.Hashtable'


class PSObject:
    """``[PSCustomObject]@{...}``: note properties in the written order, names case-insensitive."""

    type_name = 'System.Management.Automation.PSCustomObject'

    def __init__(self, properties: t.Mapping[str, t.Any] | None = None):
        self.properties = Hashtable(ordered=True)
        for key, value in (properties or {}).items():
            self.properties[key] = value

    def __repr__(self) -> str:
        return f'PSObject({dict(self.properties)!r})'


class PSArray(list):
    """A typed .NET array such as ``byte[]`` (``list`` is ``object[]``)."""

    def __init__(self, items: t.Iterable[t.Any] = (), element_type: str = 'System.Object'):
        super().__init__(items)
        self.element_type = element_type

    @property
    def type_name(self) -> str:
        return f'{self.element_type}[]'


@dataclasses.dataclass(frozen=True)
class PSEnum:
    """An enum value: ``[string]`` gives its name; it compares equal to its name (case-insensitive)
    and to its number, as PowerShell converts the other operand to the enum type."""

    type_name: str
    name: str
    value: int

    def __str__(self) -> str:
        return self.name


@dataclasses.dataclass(frozen=True)
class PSType:
    """A type literal used as a value, e.g. the argument of
    ``$account.Translate([System.Security.Principal.SecurityIdentifier])``: ``name`` is the .NET full
    name (accelerators expanded), ``model`` the class registered with ``dotnet_type`` (or None)."""

    name: str
    model: t.Any = None

    def is_type(self, name: str) -> bool:
        return self.name.lower() == name.lower()


def ps_method(name: str) -> t.Callable[[t.Callable[..., t.Any]], t.Callable[..., t.Any]]:
    """Mark a method of a ``DotNetObject`` subclass as the .NET method ``name`` (called with the
    script's arguments, already evaluated)."""
    def mark(function):
        function.ps_method_name = name
        return function
    return mark


class DotNetObject:
    """Base of every modelled .NET object. Subclasses set ``TYPE_NAME`` and ``PROPERTIES`` (the
    documented property names, in the order Get-Member lists them) and fill ``self.props``;
    methods are Python methods decorated with ``@ps_method``. Reading any other member is
    ``LabUnsupported``: a script relying on a property Windows does not have fails in the lab."""

    TYPE_NAME = 'System.Object'
    PROPERTIES: tuple[str, ...] = ()

    def __init__(self, **props: t.Any):
        unknown = [name for name in props if name not in self.PROPERTIES]
        if unknown:
            raise LabUnsupported(f'{self.TYPE_NAME} has no documented property {unknown[0]!r}')
        self.props: dict[str, t.Any] = {name: props.get(name) for name in self.PROPERTIES}

    # -- member access used by the interpreter ------------------------------------------------------
    def ps_property_name(self, name: str) -> str | None:
        for known in self.PROPERTIES:
            if known.lower() == name.lower():
                return known
        return None

    def ps_get(self, name: str) -> t.Any:
        known = self.ps_property_name(name)
        if known is None:
            raise LabUnsupported(f'{self.TYPE_NAME} has no property {name!r}')
        return self.props[known]

    def ps_set(self, name: str, value: t.Any) -> None:
        known = self.ps_property_name(name)
        if known is None:
            raise LabUnsupported(f'{self.TYPE_NAME} has no property {name!r}')
        self.props[known] = value

    def ps_method(self, name: str) -> t.Callable[..., t.Any] | None:
        for attribute in dir(type(self)):
            function = getattr(type(self), attribute)
            if getattr(function, 'ps_method_name', '').lower() == name.lower():
                return getattr(self, attribute)
        return None

    def ps_to_string(self) -> str:
        """``[string]$obj`` / ``"$obj"``: .NET's ToString(), the type name unless overridden."""
        return self.TYPE_NAME

    def __repr__(self) -> str:
        return f'<{self.TYPE_NAME} {self.props!r}>'


# ---- commands ------------------------------------------------------------------------------------------


class Session(t.Protocol):
    """What the interpreter's session offers a model (see ``labsim.powershell.interpreter.Session``)."""

    host: t.Any                      # labsim.hoststate.HostState of the simulated host
    modules: set[str]                # imported module names (lower case)
    location_stack: list[str]
    location: str                    # current location, e.g. 'C:\\Users\\ansible' or 'PR1:\\'
    drives: dict[str, dict[str, t.Any]]   # name (lower) -> {'name', 'provider', 'root'}
    whatif: bool                     # effective $WhatIfPreference for the command being called

    def warn(self, text: str) -> None: ...
    def write_host(self, text: str) -> None: ...
    def tick(self, seconds: float = 1.0) -> t.Any: ...
    def now(self) -> t.Any: ...


@dataclasses.dataclass
class Invocation:
    """One call of a command model."""

    name: str                         # the command's name as the catalog writes it
    params: dict[str, t.Any]          # canonical parameter name -> bound value (switches: bool)
    input: list[t.Any]                # pipeline input, every object
    session: t.Any                    # Session
    errors: list[ErrorRecord] = dataclasses.field(default_factory=list)

    def has(self, name: str) -> bool:
        return any(key.lower() == name.lower() for key in self.params)

    def param(self, name: str, default: t.Any = None) -> t.Any:
        for key, value in self.params.items():
            if key.lower() == name.lower():
                return value
        return default

    @property
    def host(self):
        return self.session.host

    def write_error(self, message: str, error_id: str = 'RuntimeException', category: str = 'NotSpecified',
                    exception_type: str = 'System.Management.Automation.RuntimeException', target: t.Any = None) -> None:
        """A non-terminating error (WriteError): the interpreter applies -ErrorAction and
        $ErrorActionPreference after the model returns, in order."""
        self.errors.append(ErrorRecord(message, error_id, category, exception_type, target, command=self.name))

    def fail(self, message: str, error_id: str = 'RuntimeException', category: str = 'NotSpecified',
             exception_type: str = 'System.Management.Automation.RuntimeException', target: t.Any = None) -> t.NoReturn:
        """A terminating error (ThrowTerminatingError)."""
        raise PSError(message, record=ErrorRecord(message, error_id, category, exception_type, target,
                                                  command=self.name))


@dataclasses.dataclass
class CommandModel:
    name: str
    function: t.Callable[[Invocation], t.Any]
    #: the catalog entry's name when it differs (native programs: the file name, e.g. 'WsusUtil.exe')
    native: bool = False


@dataclasses.dataclass
class NativeRun:
    """What a native program model returns: its exit code and the lines it wrote."""

    exit_code: int
    stdout: list[str] = dataclasses.field(default_factory=list)
    stderr: list[str] = dataclasses.field(default_factory=list)


#: cmdlet models by lower-case name; native programs by lower-case file name ('wsusutil.exe')
COMMANDS: dict[str, CommandModel] = {}
#: .NET types usable as ``[Type]::Member`` and ``[Type]$value``, by lower-case full name and accelerator
TYPES: dict[str, t.Any] = {}


def command(name: str) -> t.Callable[[t.Callable[[Invocation], t.Any]], t.Callable[[Invocation], t.Any]]:
    """Register the model of cmdlet ``name``. Its parameters (names, aliases, sets, mandatory,
    positional order, switches, should_process) are those of ``tests/fidelity/catalog.yml``: the
    interpreter binds the call against the catalog entry before the model runs, so a model has
    no parameter list of its own. The function returns the objects the cmdlet writes (a list, one
    object, or None for nothing); a list is written element by element."""
    def register(function):
        COMMANDS[name.lower()] = CommandModel(name, function)
        return function
    return register


def native(file_name: str) -> t.Callable[[t.Callable[..., NativeRun]], t.Callable[..., NativeRun]]:
    """Register a native program by file name. The model is called as ``function(session, path, argv)``
    with ``argv`` parsed from the command line Windows PowerShell 5.1 builds (its quoting rules,
    trailing-backslash bug included) and returns a ``NativeRun``. The program runs only when its
    file exists on the simulated host."""
    def register(function):
        COMMANDS[file_name.lower()] = CommandModel(file_name, function, native=True)
        return function
    return register


def dotnet_type(*names: str) -> t.Callable[[type], type]:
    """Register a modelled .NET type under its full name and accelerators. The class may define
    ``ps_static_<Member>`` static methods (``[Type]::Member(...)``) and ``ps_cast(session, value)``
    (``[Type]$value``). The interpreter calls ``ps_static_<Member>(session, *arguments)`` (a static
    property ``[Type]::Name`` without parentheses is ``ps_static_Name(session)``) and, for
    ``New-Object -TypeName T -ArgumentList ...``, ``ps_new(session, *arguments)``. A PSError raised by
    a static method or ``ps_new`` is wrapped in a MethodInvocationException as PowerShell does."""
    def register(cls):
        for name in names:
            TYPES[name.lower()] = cls
        return cls
    return register


#: PowerShell modules a host can import, by lower-case module name ('webadministration',
#: 'configurationmanager'): ``loader(invocation, path)`` checks the host has it (and may fail as
#: Windows does: missing file, a signing prompt) and returns nothing. ``path`` is the .psd1 path
#: when the script imported by path, else None. Import-Module adds the name to ``session.modules``.
MODULES: dict[str, t.Callable[[Invocation, str | None], None]] = {}
#: PowerShell providers whose drives New-PSDrive can create, by lower-case provider name ('cmsite'):
#: ``new_drive(invocation, name, root)`` returns the drive ``{'name', 'provider', 'root'}`` or fails.
PROVIDERS: dict[str, t.Callable[[Invocation, str, str], dict[str, t.Any]]] = {}


def module(name: str):
    """Register a PowerShell module loader (see ``MODULES``)."""
    def register(function):
        MODULES[name.lower()] = function
        return function
    return register


def provider(name: str):
    """Register a provider's drive factory (see ``PROVIDERS``)."""
    def register(function):
        PROVIDERS[name.lower()] = function
        return function
    return register


#: CIM/WMI classes Get-CimInstance can read, by (lower-case namespace, lower-case class name), e.g.
#: ``('root\\sms', 'sms_providerlocation')``. ``reader(invocation)`` gets the Get-CimInstance
#: invocation and returns every instance of the class on the host (a list of ``DotNetObject``; the
#: Get-CimInstance model applies ``-Filter``/``-Property``) or fails as Windows does (for example an
#: invalid namespace on a host without it). Added by the ConfigMgr models (SMS_ProviderLocation);
#: the Windows models' Get-CimInstance dispatches here, and registers its own root\cimv2 classes
#: (Win32_ComputerSystem, Win32_OperatingSystem) the same way.
CIM_CLASSES: dict[tuple[str, str], t.Callable[[Invocation], list[t.Any]]] = {}


def cim_class(namespace: str, name: str):
    """Register the reader of CIM class ``name`` in ``namespace`` (see ``CIM_CLASSES``)."""
    def register(function):
        CIM_CLASSES[(namespace.lower(), name.lower())] = function
        return function
    return register
