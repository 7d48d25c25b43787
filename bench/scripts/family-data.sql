-- Families for a force-sized store (round 53, family53; ADR 3228): the million-death template has none, so the
-- first-contact clock's readers (the due-event sweep, the liaison dashboard) had nothing to read. Run on a COPY of the
-- template, never the template: psql -v t0="'2026-12-06 12:00:00+00'" -f bench/scripts/family-data.sql
-- Written by SQL, not by the app's commands: 50,000 families through LiaisonCommands would be ~250,000 audited saves.
-- So these rows have no audit entries (the missed-opportunity report is not measured on this store).
-- One case in 20 (by a hash of its id, so ~5 % of every team and year) has a family:
--   every one an FLO deployed between 0 and 120 days before t0 (one of 40 officers; 1 in 25 ended);
--   3 in 5 a family file with the identification 2 h before the deployment (1 in 25 with liaison ended);
--   every one a family member an hour after the deployment, 1 in 3 a second;
--   1 in 3 a question two days after (half answered);
--   7 in 10 contacted: the first contact 2–47 h after the deployment (so some late), then weekly while before t0
--   (a third stop after the first, a third after the second: "next contact" missed too); 3 in 10 never contacted.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE fam AS
SELECT c."Id" AS case_id, row_number() OVER (ORDER BY c."Id") AS r
FROM cases c WHERE abs(hashtext(c."Id"::text)) % 20 = 0;
ALTER TABLE fam ADD COLUMN deployed timestamptz;
UPDATE fam SET deployed = :t0::timestamptz - make_interval(days => (r % 120)::int, hours => (r % 23)::int);

INSERT INTO flo_deployments ("Id", "CaseId", "OfficerUserId", "OfficerName", "ContactDetails", "DeployedAt", "EndedAt")
SELECT gen_random_uuid(), case_id, 'flo-' || (r % 40), 'DC Officer ' || (r % 40), '07700 9' || lpad((r % 100000)::text, 5, '0'), deployed,
       CASE WHEN r % 25 = 0 THEN deployed + interval '10 days' END
FROM fam;

INSERT INTO family_files ("CaseId", "IdentifiedAt", "PlainStatus", "NextReviewAt", "LiaisonEndedAt", "UpdatedAt")
SELECT case_id, deployed - interval '2 hours', 'Enquiries continue', NULL, CASE WHEN r % 25 = 3 THEN deployed + interval '20 days' END, deployed
FROM fam WHERE r % 5 < 3;

INSERT INTO family_members ("Id", "CaseId", "Name", "Relationship", "CreatedAt")
SELECT gen_random_uuid(), case_id, 'Relative ' || r, 'sister', deployed + interval '1 hour' FROM fam
UNION ALL
SELECT gen_random_uuid(), case_id, 'Parent ' || r, 'mother', deployed + interval '3 hours' FROM fam WHERE r % 3 = 0;

INSERT INTO family_questions ("Id", "CaseId", "Source", "Text", "AskedAt", "OwnerName", "DueAt", "Answer", "AnsweredBy", "AnsweredAt")
SELECT gen_random_uuid(), case_id, CASE WHEN r % 2 = 0 THEN 'portal' ELSE 'recorded' END, 'When will we hear about the post-mortem?',
       deployed + interval '2 days', 'DC Officer ' || (r % 40), deployed + interval '9 days',
       CASE WHEN r % 6 = 1 THEN 'Next week' END, CASE WHEN r % 6 = 1 THEN 'flo-' || (r % 40) END, CASE WHEN r % 6 = 1 THEN deployed + interval '3 days' END
FROM fam WHERE r % 3 = 1;

INSERT INTO family_contacts ("Id", "CaseId", "At", "Method", "By", "Summary", "RecordedAt")
SELECT gen_random_uuid(), case_id, at, 'visit', 'flo-' || (r % 40), 'Contact', at
FROM (
  SELECT case_id, r, deployed + make_interval(hours => (2 + r % 46)::int) + make_interval(days => 7 * k) AS at, k
  FROM fam CROSS JOIN generate_series(0, 5) k
  WHERE r % 10 < 7 AND k <= CASE r % 3 WHEN 0 THEN 0 WHEN 1 THEN 1 ELSE 5 END
) x WHERE at < :t0::timestamptz;
COMMIT;
ANALYZE flo_deployments; ANALYZE family_files; ANALYZE family_members; ANALYZE family_questions; ANALYZE family_contacts;
SELECT (SELECT count(*) FROM flo_deployments) AS deployments, (SELECT count(*) FROM family_files) AS files,
       (SELECT count(*) FROM family_members) AS members, (SELECT count(*) FROM family_questions) AS questions,
       (SELECT count(*) FROM family_contacts) AS contacts, (SELECT count(DISTINCT "CaseId") FROM family_contacts) AS contacted;
