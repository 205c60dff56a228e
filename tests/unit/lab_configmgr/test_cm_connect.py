"""Loading the module, the site drive, and the rule that ConfigMgr cmdlets run only from a site drive."""

from __future__ import annotations

import pytest
from conftest import CM, SITE, Session, call, connect, import_module, new_drive

from labsim.configmgr import drive, module
from labsim.powershell import api

UI = 'C:\\Program Files\\Microsoft Configuration Manager\\AdminConsole\\bin\\i386'


def test_cmdlet_refuses_to_run_outside_the_site_drive(store):
    with store.host(CM, dict(SITE)) as host:
        session = Session(host)
        import_module(session, UI + '\\..\\ConfigurationManager.psd1')
        with pytest.raises(api.PSError) as error:
            call(session, 'Get-CMSoftwareUpdatePoint', SiteCode='PR1')
    assert str(error.value) == drive.NOT_ON_SITE_DRIVE


def test_cmdlet_without_the_module_is_not_a_known_command(store):
    with store.host(CM, dict(SITE)) as host:
        with pytest.raises(api.PSError) as error:
            call(Session(host), 'Get-CMAccount', UserName='CONTOSO\\svc-cm-proxy')
    assert error.value.record.exception_type.endswith('CommandNotFoundException')


def test_the_site_server_has_the_module_where_sms_admin_ui_path_points(store):
    with store.host(CM, dict(SITE)) as host:
        session = Session(host)
        import_module(session, UI + '\\..\\ConfigurationManager.psd1')
        import_module(session, None)  # by name: the console puts its folder on PSModulePath
        assert module.is_module_file(host, UI + '\\..\\ConfigurationManager.psd1')


def test_a_host_without_the_console_has_no_module(store):
    with store.host('sup01.contoso.com', {}) as host:
        with pytest.raises(api.PSError) as error:
            import_module(Session(host), UI + '\\..\\ConfigurationManager.psd1')
    assert error.value.record.error_id.startswith('Modules_ModuleNotFound')


def test_allsigned_prompts_for_the_untrusted_publisher_and_the_non_interactive_host_cannot_answer(store):
    with store.host(CM, dict(SITE, execution_policy='AllSigned')) as host:
        with pytest.raises(api.PSError) as error:
            import_module(Session(host), UI + '\\..\\ConfigurationManager.psd1')
        assert str(error.value) == module.NON_INTERACTIVE
        host.data['trusted_publishers'] = [module.MODULE_SIGNER_THUMBPRINT]
        import_module(Session(host), UI + '\\..\\ConfigurationManager.psd1')


def test_a_wrong_site_code_fails_in_new_psdrive(store):
    with store.host(CM, dict(SITE)) as host:
        session = Session(host)
        import_module(session)
        with pytest.raises(api.PSError) as error:
            new_drive(session, 'XYZ', 'CM01')
        assert 'Invalid namespace' in str(error.value) and session.drives == {}


def test_a_root_without_the_sms_provider_fails(store):
    with store.host(CM, dict(SITE, sms_provider='prov01.contoso.com')) as host:
        session = Session(host)
        import_module(session)
        with pytest.raises(api.PSError) as error:
            new_drive(session, 'PR1', 'CM01')
        assert 'Invalid namespace' in str(error.value)


@pytest.mark.parametrize('logon, works', [('network', False), ('become', True), ('credssp', True)])
def test_a_remote_sms_provider_is_a_second_hop(store, logon, works):
    with store.host(CM, dict(SITE, sms_provider='prov01.contoso.com')) as host:
        session = Session(host, logon=logon)
        import_module(session)
        if works:
            new_drive(session, 'PR1', 'prov01.contoso.com')
            session.location = 'PR1:\\'
            assert call(session, 'Get-CMSiteSystemServer', SiteSystemServerName=CM)
        else:
            with pytest.raises(api.PSError) as error:
                new_drive(session, 'PR1', 'prov01.contoso.com')
            assert error.value.record.exception_type == 'System.UnauthorizedAccessException'
            assert 'Access is denied' in str(error.value)


def test_sms_provider_location_names_the_provider(store):
    read = api.CIM_CLASSES[('root\\sms', 'sms_providerlocation')]
    with store.host(CM, dict(SITE)) as host:
        [location] = read(api.Invocation('Get-CimInstance', {}, [], Session(host)))
        assert location.ps_get('Machine') == CM and location.ps_get('SiteCode') == 'PR1'
        assert location.ps_get('NamespacePath') == f'\\\\{CM}\\root\\sms\\site_PR1'
        assert location.ps_get('ProviderForLocalSite') is True
    with store.host('cm02.contoso.com', dict(SITE, sms_provider='prov01.contoso.com')) as host:
        [location] = read(api.Invocation('Get-CimInstance', {}, [], Session(host)))
        assert location.ps_get('Machine') == 'prov01.contoso.com'
    with store.host('sup01.contoso.com', {}) as host:
        invocation = api.Invocation('Get-CimInstance', {}, [], Session(host))
        assert read(invocation) == [] and invocation.errors[0].message.startswith('Invalid namespace')


def test_another_site_code_finds_nothing_and_changes_nothing(store):
    with store.host(CM, dict(SITE)) as host:
        session = connect(Session(host))
        assert call(session, 'Get-CMSiteSystemServer', SiteSystemServerName=CM, SiteCode='XYZ') == []
        with pytest.raises(api.PSError, match='No object corresponds'):
            call(session, 'New-CMSiteSystemServer', SiteSystemServerName='sup09.contoso.com', SiteCode='XYZ')
