-- Each pitcher's place in his level-season cohort, metric by metric, for the rankings page. Ranks are
-- oriented so that 1 is best (a lower hard-contact rate allowed ranks higher) and are null for a player
-- short of var('pitcher_min_pitches') pitches or a metric without a value (too little tracking at the
-- level-season).
{{ percentile_ranks(ref('int_pitcher_metrics_by_level'), ref('stg_statsapi__tracked_players'), 'pitcher') }}
