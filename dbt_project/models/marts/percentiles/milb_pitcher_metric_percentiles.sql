-- The distribution of each pitcher metric across the level-season's cohort (pitchers with at least
-- var('pitcher_min_pitches') pitches there): one row per level, season and metric, long so that a metric
-- is a row, not a column. A metric whose tracking coverage falls short at the level-season has null
-- percentiles.
{{ percentiles_by_level(ref('int_pitcher_metrics_by_level'), 'pitcher') }}
