-- An organization's ticked roles (customer, contractor, employer) decide what it may do (issue 12): a change of them
-- tells every server to forget its members' remembered rights, as a change of status or kind does (0017).
DROP TRIGGER organizations_rights_changed ON organizations;
CREATE TRIGGER organizations_rights_changed AFTER UPDATE OF status, kind, roles ON organizations
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.kind IS DISTINCT FROM NEW.kind
                       OR OLD.roles IS DISTINCT FROM NEW.roles)
    EXECUTE FUNCTION notify_rights_changed();
