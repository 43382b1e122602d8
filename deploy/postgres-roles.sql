-- Least-privilege PostgreSQL roles for MộtCửa (vai trò quyền tối thiểu).
--
-- Run as a superuser, connected to the application's database:
--     psql -v ON_ERROR_STOP=1 -d motcua -f deploy/postgres-roles.sql
-- then give both roles a password (\password motcua_owner, \password motcua_app).
--
-- motcua_owner  owns the schema and every table; only `manage.py migrate` connects as it.
-- motcua_app    the web and worker processes: reads and writes rows, nothing more. It owns no
--               table and has no TRUNCATE, so it can neither empty the audit trail (nhật ký)
--               nor disable the trigger that keeps audit_event append-only.
--
-- Safe to run again; `manage.py check_db_grants`, run as motcua_app, verifies the result.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'motcua_owner') THEN
        CREATE ROLE motcua_owner LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'motcua_app') THEN
        CREATE ROLE motcua_app LOGIN;
    END IF;
END $$;
ALTER ROLE motcua_app NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

-- The owner creates the tables; nobody else may create anything in the schema.
ALTER SCHEMA public OWNER TO motcua_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO motcua_app;

-- Tables and sequences that later migrations create.
ALTER DEFAULT PRIVILEGES FOR ROLE motcua_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO motcua_app;
ALTER DEFAULT PRIVILEGES FOR ROLE motcua_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO motcua_app;

-- Tables and sequences that exist already.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO motcua_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO motcua_app;
