# ---- from _configmgr_logs.ps1: where the site server's logs end now, so a verifier reads only what follows.
# Log folder: <Installation Directory>\Logs (HKLM\SOFTWARE\Microsoft\SMS\Identification):
#   https://learn.microsoft.com/mem/configmgr/core/plan-design/hierarchy/log-files
function Get-CMLogPosition {
    param ([string[]] $Name)
    $identification = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\SMS\Identification' -ErrorAction SilentlyContinue
    $installDir = [string]$identification.'Installation Directory'
    if (-not $installDir) {
        throw 'This host is not a Configuration Manager site server (HKLM\SOFTWARE\Microsoft\SMS\Identification has no Installation Directory); run this task on the site server'
    }
    $folder = Join-Path -Path $installDir -ChildPath 'Logs'
    $positions = @{}
    foreach ($log in $Name) {
        $path = Join-Path -Path $folder -ChildPath $log
        $size = 0
        $head = ''
        if (Test-Path -LiteralPath $path) {
            $size = (Get-Item -LiteralPath $path).Length
            # The first 64 bytes tell a later reader whether the log rolled over in between.
            $stream = [System.IO.File]::Open($path, 'Open', 'Read', 'ReadWrite, Delete')
            try {
                $buffer = New-Object -TypeName byte[] -ArgumentList ([Math]::Min([long]64, $size))
                $null = $stream.Read($buffer, 0, $buffer.Length)
                $head = [Convert]::ToBase64String($buffer)
            }
            finally {
                $stream.Dispose()
            }
        }
        $positions[$log] = @{ path = $path; position = $size; head = $head }
    }
    $positions
}
# ---- end of _configmgr_logs.ps1
