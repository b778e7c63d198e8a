-- Written by `sift run --engine spark-sql --emit-sql`. Spark SQL has no Unicode normalization function:
-- keyword, metadata and length rules match the app only on NFC text (normalize on ingest; see RUNBOOK.md).
-- Regexes are translated to java.util.regex with the same meaning on every text, or refused.

-- 2. Labels joined back by vote pattern (p0 = P(ham), p1 = P(spam)); patterns.csv comes from `sift fit-counts`.
CREATE OR REPLACE TEMPORARY VIEW sift_patterns
USING csv OPTIONS (path '/tmp/sift-golden/patterns.csv', header 'true', inferSchema 'true');

INSERT OVERWRITE DIRECTORY '/data/labels' USING parquet
SELECT t.`id`, t.`source_file`, t.`v0`, t.`v1`, t.`v2`, t.`v3`, t.`v4`, p.`p0`, p.`p1`, p.`label`, p.`confidence`, p.`covered`
FROM parquet.`/tmp/sift-golden/votes` t JOIN sift_patterns p ON t.`v0` = p.`v0` AND t.`v1` = p.`v1` AND t.`v2` = p.`v2` AND t.`v3` = p.`v3` AND t.`v4` = p.`v4`;
