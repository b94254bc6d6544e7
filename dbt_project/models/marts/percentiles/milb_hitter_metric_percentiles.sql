-- The distribution of each hitter metric across the level-season's cohort (batters with at least
-- var('hitter_min_pitches') pitches there): one row per level, season and metric, long so that a metric
-- is a row, not a column. A metric whose tracking coverage falls short at the level-season has null
-- percentiles.
{{ percentiles_by_level(ref('int_hitter_metrics_by_level'), 'hitter') }}
