-- Two rules about application statuses, written once for every query (they were spelled out in nine places):
-- the statuses that hold a place in a group (a group's capacity counts them, SPEC §7), and the statuses of the people
-- a group's journal and learner list show (an expelled learner frees the place but stays in the journal).
-- Swift's ApplicationStatus.holdsSeat and .inGroupList say the same; ApplicationStatusRulesTests compares them.
-- Plain SQL functions: PostgreSQL inlines them, so the planner sees the IN list and uses the indexes as before.
CREATE FUNCTION holds_seat(status text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT status IN ('confirmed', 'studying', 'completed')
$$;
CREATE FUNCTION in_group_list(status text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT status IN ('confirmed', 'studying', 'completed', 'expelled')
$$;
