-- Each batter's place in his level-season cohort, metric by metric, for the rankings page. Ranks are
-- oriented so that 1 is best (a lower whiff or chase rate ranks higher) and are null for a player short of
-- var('hitter_min_pitches') pitches or a metric without a value (too little tracking at the level-season).
{{ percentile_ranks(ref('int_hitter_metrics_by_level'), ref('stg_statsapi__tracked_players'), 'hitter') }}
