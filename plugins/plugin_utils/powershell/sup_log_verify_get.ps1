# Read-only probe for configmgr.sup.sup_log_verify: the bytes each named Configuration Manager log
# gained since a position, at most MaxBytes per log per call, never the whole file. A log that
# rolled over (X.log renamed to X.lo_, or to a timestamped history file, seen as a smaller size or
# another first 64 bytes) is read from the position to the end of that file, then from the start of
# the new X.log.
# With -FromEnd (the latest outcome) it reads the MaxBytes before End instead; Python asks for the chunk
# before that on its next call while the evidence is not found and its byte budget lasts.
# Python parses and decides; this script only reads.
# Log files and rollover: https://learn.microsoft.com/mem/configmgr/core/plan-design/hierarchy/log-files
# FileStream (shared read of a log the site keeps open): https://learn.microsoft.com/dotnet/api/system.io.filestream
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)]
    [string[]]
    $Name,

    # Byte position per log; -1 = none known, read the last LookbackBytes.
    [Parameter(Mandatory)]
    [long[]]
    $Position,

    # Base64 of the first 64 bytes when the position was taken, '' when unknown.
    [string[]]
    $Head = @(),

    [int]
    $MaxBytes = 1048576,

    [long]
    $LookbackBytes = 262144,

    [string]
    $LogsDir,

    # Latest-outcome mode: per log, the chunk ends at End (-1: the end of the file), in the file the log
    # rolled into (X.lo_ or the newest history file) when Previous is 1.
    [switch] $FromEnd,
    [long[]] $End = @(),
    [int[]] $Previous = @()
)

$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false

function Read-Bytes {
    param ([string] $Path, [long] $From, [int] $Count)
    $stream = [System.IO.File]::Open($Path, 'Open', 'Read', 'ReadWrite, Delete')
    try {
        $length = [int][Math]::Max([long]0, [Math]::Min([long]$Count, $stream.Length - $From))
        $buffer = New-Object -TypeName byte[] -ArgumentList $length
        $null = $stream.Seek($From, 'Begin')
        $read = $stream.Read($buffer, 0, $length)
        [Array]::Resize([ref]$buffer, $read)
        , $buffer
    }
    finally {
        $stream.Dispose()
    }
}

function Test-SameStart {
    # The first bytes of the file when the position was taken are still its first bytes.
    param ([string] $Before, [byte[]] $Now)
    $old = [Convert]::FromBase64String($Before)
    for ($k = 0; $k -lt [Math]::Min($old.Length, $Now.Length); $k++) {
        if ($old[$k] -ne $Now[$k]) { return $false }
    }
    $true
}

function Get-PreviousLog {
    # The file a log rolled over into: X.lo_, or where the site keeps more than one history file
    # (LogMaxHistory above 1) X-<yyyyMMdd>-<HHmmss>.log next to it; the one written last.
    param ([string] $Path)
    $stem = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    $history = '^' + [regex]::Escape($stem) + '-\d{8}-\d{6}\.log$'
    $newest = $null
    foreach ($file in @(Get-ChildItem -LiteralPath ([System.IO.Path]::GetDirectoryName($Path)) -Filter "$stem*" -File)) {
        if ($file.Name -ne "$stem.lo_" -and $file.Name -notmatch $history) { continue }
        if (-not $newest -or $file.LastWriteTime -gt $newest.LastWriteTime) { $newest = $file }
    }
    $newest
}

$folders = @()
if ($LogsDir) {
    $folders += $LogsDir
}
else {
    # The site server's logs, then the SMS_<site>\Logs folder of a remote site system.
    $identification = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\SMS\Identification' -ErrorAction SilentlyContinue
    if ($identification) { $folders += Join-Path -Path ([string]$identification.'Installation Directory') -ChildPath 'Logs' }
    foreach ($drive in (Get-PSDrive -PSProvider FileSystem)) {
        $folders += @(Get-ChildItem -Path (Join-Path -Path $drive.Root -ChildPath 'SMS_*\Logs') -Directory -ErrorAction SilentlyContinue |
                ForEach-Object { $_.FullName })
    }
}

$logs = for ($i = 0; $i -lt $Name.Count; $i++) {
    $path = $folders | ForEach-Object { Join-Path -Path $_ -ChildPath $Name[$i] } | Where-Object { Test-Path -LiteralPath $_ } |
        Select-Object -First 1
    if (-not $path) {
        @{ name = $Name[$i]; exists = $false; folders = $folders }
        continue
    }
    if ($FromEnd) {
        $file = $path
        $entry = @{ name = $Name[$i]; path = $path; exists = $true; previous = ($i -lt $Previous.Count -and $Previous[$i] -eq 1) }
        if ($entry.previous) {
            $older = Get-PreviousLog -Path $path
            if (-not $older) { $entry.exists = $false; $entry; continue }
            $file = $older.FullName; $entry.lo_path = $file
        }
        $size = $to = (Get-Item -LiteralPath $file).Length
        if ($i -lt $End.Count -and $End[$i] -ge 0) { $to = [Math]::Min($End[$i], $size) }
        $from = [Math]::Max([long]0, $to - $MaxBytes)
        $entry.size = $size; $entry.read_from = $from
        $entry.head = [Convert]::ToBase64String((Read-Bytes -Path $file -From 0 -Count 64))
        $entry.data = [Convert]::ToBase64String((Read-Bytes -Path $file -From $from -Count ($to - $from)))
        $entry
        continue
    }
    $size = (Get-Item -LiteralPath $path).Length
    $headBytes = Read-Bytes -Path $path -From 0 -Count 64
    $from = $Position[$i]
    if ($from -lt 0) { $from = [Math]::Max([long]0, $size - $LookbackBytes) }
    $oldHead = ''
    if ($i -lt $Head.Count) { $oldHead = $Head[$i] }
    $rolled = ($size -lt $from) -or ($oldHead -and -not (Test-SameStart -Before $oldHead -Now $headBytes))
    $entry = @{ name = $Name[$i]; path = $path; exists = $true; size = $size; rolled = $rolled
        head = [Convert]::ToBase64String($headBytes) }
    if ($rolled) {
        $previous = Get-PreviousLog -Path $path
        if ($previous) {
            $entry.lo_path = $previous.FullName
            $entry.lo_from = $from
            $entry.lo_data = [Convert]::ToBase64String((Read-Bytes -Path $previous.FullName -From $from -Count $MaxBytes))
        }
        $from = 0
    }
    $entry.read_from = $from
    $entry.data = [Convert]::ToBase64String((Read-Bytes -Path $path -From $from -Count $MaxBytes))
    $entry
}

$computer = Get-CimInstance -ClassName Win32_ComputerSystem
[PSCustomObject]@{
    host_fqdn = ('{0}.{1}' -f $computer.DNSHostName, $computer.Domain).ToLowerInvariant()
    logs = @($logs)
}
