# Apply script for configmgr.sup.sup_component, on the site server: one Set-CMSoftwareUpdatePointComponent call
# with only the parameters the controller passed (a new synchronization schedule made with New-CMSchedule), after
# checking that the settings it changes still have the values the controller planned from.
# Set-CMSoftwareUpdatePointComponent:
#   https://learn.microsoft.com/powershell/module/configurationmanager/set-cmsoftwareupdatepointcomponent
# New-CMSchedule: https://learn.microsoft.com/powershell/module/configurationmanager/new-cmschedule
[CmdletBinding()]
param (
    [Parameter(Mandatory)]
    [string]
    $SiteCode,

    [ValidateSet('SynchronizeFromMicrosoftUpdate', 'SynchronizeFromAnUpstreamDataSourceLocation', 'DoNotSynchronizeFromMicrosoftUpdateOrUpstreamDataSource')]
    [string]
    $SynchronizeAction,

    [string]
    $UpstreamSourceLocation,

    # $false: synchronization not on a schedule (the cmdlet's -Schedule $null); $true with ScheduleInterval.
    [Nullable[bool]]
    $EnableSynchronization,

    [ValidateSet('', 'Days', 'Hours')]
    [string]
    $ScheduleInterval = '',

    [Nullable[int]]
    $ScheduleCount,

    # ISO 8601 local time of the site server, such as 2026-11-25T02:00:00
    [string]
    $ScheduleStart,

    [Nullable[bool]]
    $EnableSyncFailureAlert,

    [ValidateSet('DoNotCreateWsusReportingEvents', 'CreateOnlyWsusStatusReportingEvents', 'CreateAllWsusReportingEvents')]
    [string]
    $ReportingEvent,

    [string[]]
    $AddUpdateClassification,

    [string[]]
    $RemoveUpdateClassification,

    [string[]]
    $AddProduct,

    [string[]]
    $RemoveProduct,

    [string[]]
    $AddLanguageUpdateFile,

    [string[]]
    $RemoveLanguageUpdateFile,

    [string[]]
    $AddLanguageSummaryDetail,

    [string[]]
    $RemoveLanguageSummaryDetail,

    [Nullable[bool]]
    $ImmediatelyExpireSupersedence,

    [Nullable[int]]
    $WaitMonth,

    [Nullable[bool]]
    $ImmediatelyExpireSupersedenceForFeature,

    [Nullable[int]]
    $WaitMonthForFeature,

    [Nullable[bool]]
    $EnableCallWsusCleanupWizard,

    [ValidateSet('FullFilesOnly', 'ExpressForWindows10Only')]
    [string]
    $ContentFileOption,

    [Nullable[int]]
    $FeatureUpdateMaxRuntimeMins,

    [Nullable[int]]
    $NonFeatureUpdateMaxRuntimeMins,

    # Setting -> the value the plan was computed from (_compare_and_set.ps1).
    [hashtable]
    $Expected = @{}
)

$ErrorActionPreference = 'Stop'
# Apply scripts run without SupportsShouldProcess, so win_powershell passes no -Confirm:$false: a cmdlet whose
# ConfirmImpact reaches $ConfirmPreference would prompt, which a non-interactive session cannot answer.
# about_Preference_Variables ($ConfirmPreference): https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables
$ConfirmPreference = 'None'

# include: _configmgr_connect.ps1
# include: _sup_component_read.ps1

# Before the change: the settings it changes, read as the probe does (_sup_component_read.ps1).
Assert-Unchanged -Expected $Expected -Current (Get-SupComponentCurrent -SiteCode $SiteCode)

# The parameters the controller passed are the cmdlet's own (same names), except the schedule's and Expected.
# about_Automatic_Variables ($PSBoundParameters): https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_automatic_variables
$settings = @{}
foreach ($name in $PSBoundParameters.Keys) {
    if (@('Expected', 'EnableSynchronization', 'ScheduleInterval', 'ScheduleCount', 'ScheduleStart') -notcontains $name) {
        $settings[$name] = $PSBoundParameters[$name]
    }
}
if ($EnableSynchronization -eq $false) {
    # "To disable synchronization, set this parameter to $null" (Set-CMSoftwareUpdatePointComponent -Schedule)
    $settings.Schedule = $null
}
elseif ($ScheduleInterval) {
    $recurrence = @{ RecurInterval = $ScheduleInterval; RecurCount = $ScheduleCount }
    if ($ScheduleStart) {
        $recurrence.Start = [datetime]$ScheduleStart
    }
    $settings.Schedule = New-CMSchedule @recurrence
}
Set-CMSoftwareUpdatePointComponent @settings
Pop-Location
