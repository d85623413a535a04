-- What was approved stays as it was: template revisions are never updated or deleted, and approvals are never deleted
-- (the executor also recomputes what it sends and recounts approvals: lib/changes/approved-bytes.ts).
CREATE FUNCTION "stackport_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "TemplateRevision_no_update" BEFORE UPDATE ON "TemplateRevision"
  FOR EACH ROW EXECUTE FUNCTION "stackport_append_only"();

CREATE TRIGGER "TemplateRevision_no_delete" BEFORE DELETE ON "TemplateRevision"
  FOR EACH ROW EXECUTE FUNCTION "stackport_append_only"();

CREATE TRIGGER "TemplateRevision_no_truncate" BEFORE TRUNCATE ON "TemplateRevision"
  FOR EACH STATEMENT EXECUTE FUNCTION "stackport_append_only"();

CREATE TRIGGER "Approval_no_delete" BEFORE DELETE ON "Approval"
  FOR EACH ROW EXECUTE FUNCTION "stackport_append_only"();
