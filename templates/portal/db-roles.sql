-- Database roles for a production Stackport (PostgreSQL). Run once as the database owner, e.g.
--   psql "$OWNER_URL" -v schema=public -v runtime_password="'…'" -f templates/portal/db-roles.sql
-- Migrations (npm run db:migrate) keep running as the owner. The portal itself connects as
-- stackport_runtime, which owns nothing, so it cannot drop or disable the append-only triggers,
-- and may only add to and read the records of decisions: the change log, template revisions and
-- approvals (approvals are voided by UPDATE of their own columns, never deleted).
CREATE ROLE stackport_runtime LOGIN PASSWORD :runtime_password NOINHERIT;
GRANT USAGE ON SCHEMA :"schema" TO stackport_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA :"schema" TO stackport_runtime;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA :"schema" TO stackport_runtime;

REVOKE UPDATE, DELETE, TRUNCATE ON :"schema"."AuditEntry", :"schema"."TemplateRevision" FROM stackport_runtime;
REVOKE UPDATE, DELETE, TRUNCATE ON :"schema"."Approval" FROM stackport_runtime;
GRANT UPDATE ("voided", "comment", "revisionSha", "changeSetId", "createdAt") ON :"schema"."Approval" TO stackport_runtime;
REVOKE TRIGGER, REFERENCES ON ALL TABLES IN SCHEMA :"schema" FROM stackport_runtime;
