-- Tenancy of a training row, written once for every query that fetches one application: the caller reaches it when
-- their role is region-wide (`everywhere`), when it belongs to one of their organizations (the application's own or
-- its group's), or when it is their own application. A row beyond reach is simply not found (404), the same answer
-- as a missing one. The Swift side (TrainingAccess.Reach) computes the first two arguments from the caller's rights.
CREATE FUNCTION within_reach(everywhere boolean, orgs uuid[], caller uuid, org uuid, group_org uuid, learner uuid)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT everywhere OR org = ANY(orgs) OR coalesce(group_org = ANY(orgs), false) OR coalesce(learner = caller, false)
$$;
