-- Written by `sift run --engine spark-sql --emit-sql`. Spark SQL has no Unicode normalization function:
-- keyword, metadata and length rules match the app only on NFC text (normalize on ingest; see RUNBOOK.md).
-- Regexes are translated to java.util.regex with the same meaning on every text, or refused.

-- 1. Votes of 5 LFs per row, staged as Parquet; then the vote-pattern counts (the label model's sufficient statistics).
INSERT OVERWRITE DIRECTORY '/tmp/sift-golden/votes' USING parquet
WITH __sift_prep0 AS (
  SELECT *,
    coalesce(CAST(`text` AS STRING), '') AS `__d0`,
    coalesce(CAST(`author` AS STRING), '') AS `__d3`,
    coalesce(CAST(`score` AS STRING), '') AS `__d5`
  FROM (SELECT *, input_file_name() AS source_file FROM parquet.`/data/items/*.parquet`)
),
__sift_prep1 AS (
  SELECT *,
    replace(replace(replace(lower(`__d0`), 'i̇', 'i'), 'ς', 'σ'), 'ß', 'ss') AS `__d1`,
    size(regexp_extract_all(`__d0`, '([^\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]+)', 1)) AS `__d2`,
    `__d3` AS `__d4`,
    regexp_replace(`__d5`, '^[\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]+|[\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]+\\z', '') AS `__d6`
  FROM __sift_prep0
),
__sift_prep2 AS (
  SELECT *,
    CASE WHEN (`__d6` RLIKE '^[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?\\z') THEN CAST(`__d6` AS DOUBLE) WHEN `__d6` IN ('Infinity', '+Infinity') THEN CAST('Infinity' AS DOUBLE) WHEN `__d6` = '-Infinity' THEN CAST('-Infinity' AS DOUBLE) END AS `__d7`
  FROM __sift_prep1
)
SELECT
  `id`,
  `source_file`,
  CAST(CASE WHEN (CASE WHEN NOT ((instr(`__d1`, 'check out') > 0) OR (instr(`__d1`, 'it\'s') > 0)) THEN FALSE WHEN ((instr(`__d1`, ' check out ') > 0) OR (instr(`__d1`, ' it\'s ') > 0)) THEN TRUE ELSE (`__d1` RLIKE '(?:^|[^\\p{L}\\p{N}\\p{M}_])check out(?:\\z|[^\\p{L}\\p{N}\\p{M}_])|(?:^|[^\\p{L}\\p{N}\\p{M}_])it\\\'s(?:\\z|[^\\p{L}\\p{N}\\p{M}_])') END) THEN 1 ELSE -1 END AS TINYINT) AS `v0`, -- check out (check)
  CAST(CASE WHEN (`__d0` RLIKE '[hH][tT][tT][pP][sSſ]?\\:\\/\\/[^\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]+') THEN 1 ELSE -1 END AS TINYINT) AS `v1`, -- link (link)
  CAST(CASE WHEN (`__d2` <= CAST('5' AS DOUBLE)) THEN 0 ELSE -1 END AS TINYINT) AS `v2`, -- short (short)
  CAST(CASE WHEN (((instr(`__d1`, 'song') > 0)) AND (NOT (`__d4` IN ('Bot')))) THEN 0 ELSE -1 END AS TINYINT) AS `v3`, -- song (song)
  CAST(CASE WHEN coalesce((`__d7` >= CAST('1' AS DOUBLE) AND `__d7` <= CAST('2.5' AS DOUBLE)), FALSE) THEN 1 ELSE -1 END AS TINYINT) AS `v4` -- score (score)
FROM __sift_prep2;

INSERT OVERWRITE DIRECTORY '/tmp/sift-golden/counts' USING csv OPTIONS (header 'true')
SELECT `v0`, `v1`, `v2`, `v3`, `v4`, count(*) AS n
FROM parquet.`/tmp/sift-golden/votes`
GROUP BY `v0`, `v1`, `v2`, `v3`, `v4`;
