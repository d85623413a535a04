-- What was approved stays as it was: template revisions are never updated or deleted, and approvals are never deleted
-- (the executor also recomputes what it sends and recounts approvals: lib/changes/approved-bytes.ts).
CREATE TRIGGER "TemplateRevision_no_update" BEFORE UPDATE ON "TemplateRevision"
BEGIN
  SELECT RAISE(ABORT, 'TemplateRevision is append-only');
END;

CREATE TRIGGER "TemplateRevision_no_delete" BEFORE DELETE ON "TemplateRevision"
BEGIN
  SELECT RAISE(ABORT, 'TemplateRevision is append-only');
END;

CREATE TRIGGER "Approval_no_delete" BEFORE DELETE ON "Approval"
BEGIN
  SELECT RAISE(ABORT, 'Approvals are never deleted');
END;
