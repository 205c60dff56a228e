# ---- from _configmgr_logs.ps1: where the site server's logs end now, so a verifier reads only what follows.
# Log folder: <Installation Directory>\Logs (HKLM\SOFTWARE\Microsoft\SMS\Identification):
#   https://learn.microsoft.com/mem/configmgr/core/plan-design/hierarchy/log-files
function Get-CMLogPosition {
    param ([string[]] $Name)
    $identification = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\SMS\Identification' -ErrorAction SilentlyContinue
    $folder = Join-Path -Path ([string]$identification.'Installation Directory') -ChildPath 'Logs'
    $positions = @{}
    foreach ($log in $Name) {
        $path = Join-Path -Path $folder -ChildPath $log
        $size = 0
        if (Test-Path -LiteralPath $path) {
            $size = (Get-Item -LiteralPath $path).Length
        }
        $positions[$log] = @{ path = $path; position = $size }
    }
    $positions
}
# ---- end of _configmgr_logs.ps1
