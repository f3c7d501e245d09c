-- A Postgres role that can read the hub's tables and write nothing: the DATABASE_URL user of
-- API replicas (`ponder serve`). Ponder's own read-only pool only sets
-- `SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY` on its connections, a session default
-- any statement on the connection can undo; with this role a write is refused by the grants.
--
-- Run it as the role that owns the schemas (the indexer's DATABASE_URL user), after the indexer
-- and one replay worker have started once (the schemas must exist). Running it again is harmless.
--
--   psql "$ADMIN_DATABASE_URL" -v role=hub_api -v password="$API_DB_PASSWORD" \
--        -v schemas=hub,ponder_sync,replay -f scripts/create-readonly-role.sql
--
-- role:     the role to create (or update)
-- password: optional; without it the role logs in however pg_hba.conf allows (certificate, peer)
-- schemas:  comma-separated: Ponder's schema (DATABASE_SCHEMA), ponder_sync (block hashes of the
--           evidence) and the replay schema (REPLAY_PG_SCHEMA, verdicts)
-- owner:    optional; the role whose future tables the role may read (default: the one running
--           this). Ponder re-creates its tables on a new build: they are readable at once.
\set ON_ERROR_STOP on
\if :{?password}
\else
\set password ''
\endif
\if :{?owner}
\else
SELECT current_user AS owner \gset
\endif

-- psql does not expand its variables inside the DO block's body: pass them as settings.
SELECT set_config('hub_readonly.role', :'role', false),
       set_config('hub_readonly.password', :'password', false),
       set_config('hub_readonly.schemas', :'schemas', false),
       set_config('hub_readonly.owner', :'owner', false);

DO $$
DECLARE
  r text := current_setting('hub_readonly.role');
  pw text := current_setting('hub_readonly.password');
  owner text := current_setting('hub_readonly.owner');
  s text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', r);
  END IF;
  IF pw <> '' THEN
    EXECUTE format('ALTER ROLE %I PASSWORD %L', r, pw);
  END IF;
  -- A second fence: every transaction of the role starts read-only as well.
  EXECUTE format('ALTER ROLE %I SET default_transaction_read_only = on', r);
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), r);
  FOREACH s IN ARRAY string_to_array(current_setting('hub_readonly.schemas'), ',') LOOP
    s := btrim(s);
    IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = s) THEN
      RAISE EXCEPTION 'schema "%" does not exist yet', s USING HINT = 'start the indexer (and a replay worker for the replay schema) once, then run this again';
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, r);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', s, r);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT ON TABLES TO %I', owner, s, r);
  END LOOP;
  RAISE NOTICE 'role % may read schemas % and write nothing', r, current_setting('hub_readonly.schemas');
END $$;
