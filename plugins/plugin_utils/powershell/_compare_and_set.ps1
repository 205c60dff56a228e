# ---- from _compare_and_set.ps1: applies are compare-and-set.
# The controller passes -Expected: for each setting the apply changes, the value its probe read. A setting is a
# path into what the apply script reads again, the way the probe does, just before its first change:
# 'setup/PortNumber' is $Current.setup.PortNumber. When any of them changed in between (a console edit, another
# run), Assert-Unchanged stops the script before it changes anything, listing every changed setting; the
# controller recognises the error by its first word and reports that nothing was changed.
# about_Throw: https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_throw
function Format-Setting {
    param ($Value)
    if ([string]$Value -eq '') {
        return '(none)'
    }
    [string]$Value
}

function Assert-Unchanged {
    param ([hashtable] $Expected, [hashtable] $Current)
    $changed = @(foreach ($setting in $Expected.Keys) {
            $now = $Current
            foreach ($part in $setting.Split('/')) {
                if ($null -ne $now) {
                    $now = $now[$part]
                }
            }
            # As the controller compares: the values as strings, names and flags without regard to case.
            if ([string]$now -ne [string]$Expected[$setting]) {
                '{0} changed since it was read (was {1}, now {2})' -f $setting, (Format-Setting $Expected[$setting]), (Format-Setting $now)
            }
        })
    if ($changed.Count -gt 0) {
        throw ('ConfigMgrSupChangedSinceRead: {0}; re-run' -f ($changed -join '; '))
    }
}
# ---- end of _compare_and_set.ps1
