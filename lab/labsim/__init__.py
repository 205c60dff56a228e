"""The configmgr.sup simulated lab: a Python model of Windows hosts behind a stand-in win_powershell."""
