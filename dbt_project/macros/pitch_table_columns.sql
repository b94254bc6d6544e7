{#-
    The columns of the app's pitch tables (milb_batter_pitches, milb_pitcher_pitches) after their player ids,
    all from int_pitches, in the house order (ids, strings, numerics, booleans, dates). The app's DDL
    columns are all here (its own `id` and `created_at` excepted), with its names and types.
-#}
{% macro pitch_table_columns() %}
    {{ return([
        'game_pk', 'at_bat_index', 'pitch_number', 'event_index', 'pitch_id', 'play_id',
        'batter_team_id', 'pitcher_team_id', 'home_team_id', 'away_team_id', 'sport_id', 'league_id',
        'level', 'level_name', 'game_type', 'game_state', 'half_inning', 'bat_side', 'pitch_hand',
        'pitch_type', 'pitch_type_description', 'pitch_call', 'pitch_result', 'pa_result', 'pa_event',
        'pa_result_description', 'trajectory', 'hardness',
        'season', 'inning', 'balls', 'strikes', 'outs', 'start_speed', 'end_speed', 'spin_rate',
        'spin_direction', 'pfx_x', 'pfx_z', 'plate_x', 'plate_z', 'zone', 'release_pos_x', 'release_pos_y',
        'release_pos_z', 'release_extension', 'strike_zone_top', 'strike_zone_bottom', 'break_vertical_induced',
        'break_horizontal', 'launch_speed', 'launch_angle', 'total_distance', 'hit_location', 'coord_x',
        'coord_y',
        'swing', 'contact', 'swing_and_miss', 'foul', 'is_strike', 'is_ball', 'is_in_play', 'is_final_pitch',
        'game_date', 'raw_load_id',
    ]) }}
{% endmacro %}
