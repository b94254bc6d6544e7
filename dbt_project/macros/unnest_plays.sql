{#-
    One row per play (plate appearance) of every game in `games`, a relation with `game_pk`, `raw_load_id`
    and the `all_plays` JSON document; play events are not unnested, so a play without a single pitch (an
    automatic intentional walk) is still a row. Every variant returns the same columns with the same types.
-#}
{% macro unnest_plays(games) %}
    {{ return(adapter.dispatch('unnest_plays')(games)) }}
{% endmacro %}


{% macro default__unnest_plays(games) %}
    {{ exceptions.raise_compiler_error(
        "unnest_plays has no variant for adapter '" ~ adapter.type() ~ "': add one in macros/"
    ) }}
{% endmacro %}


{# duckdb: a typed from_json of the play-level fields only; playEvents are not read into structs. #}
{% macro duckdb__unnest_plays(games) %}
    {%- set play_schema = [{
        "atBatIndex": "BIGINT",
        "result": {"event": "VARCHAR", "eventType": "VARCHAR"},
        "about": {"inning": "BIGINT", "halfInning": "VARCHAR", "isComplete": "BOOLEAN"},
        "matchup": {
            "batter": {"id": "BIGINT"},
            "pitcher": {"id": "BIGINT"},
            "batSide": {"code": "VARCHAR"},
            "pitchHand": {"code": "VARCHAR"}
        }
    }] -%}
    select
        game_pk,
        raw_load_id,
        play['atBatIndex'] as at_bat_index,
        play['matchup']['batter']['id'] as mlb_batter_id,
        play['matchup']['pitcher']['id'] as mlb_pitcher_id,
        play['matchup']['batSide']['code'] as bat_side,
        play['matchup']['pitchHand']['code'] as pitch_hand,
        play['about']['halfInning'] as half_inning,
        play['result']['event'] as pa_event,
        play['result']['eventType'] as pa_event_type,
        play['about']['inning'] as inning,
        play['about']['isComplete'] as is_play_complete
    from (
        select
            game_pk,
            raw_load_id,
            {{ unnest_json_array('all_plays', play_schema) }} as play
        from {{ games }}
    ) as plays
{% endmacro %}


{# spark: the same typed parse as DuckDB's, exploded (macros/json_arrays.sql). #}
{% macro spark__unnest_plays(games) %}
    {{ return(duckdb__unnest_plays(games)) }}
{% endmacro %}


{#- postgres: jsonb is stored parsed; one jsonb_array_elements per game, #>> per field. The fields are read
    inside a per-game subquery fenced by `offset 0`, so what leaves it is the narrow row: left flattened, a join
    above carried each whole play document to wherever the planner put the join (it hashed 585,000 plays,
    1 GB spilled to disk, to look up a 70-row seed: 53 s of a 7,500-game build). A filter on the games still
    reaches the table scan, which is outside the fence. -#}
{% macro postgres__unnest_plays(games) %}
    select
        games.game_pk,
        games.raw_load_id,
        plays.at_bat_index,
        plays.mlb_batter_id,
        plays.mlb_pitcher_id,
        plays.bat_side,
        plays.pitch_hand,
        plays.half_inning,
        plays.pa_event,
        plays.pa_event_type,
        plays.inning,
        plays.is_play_complete
    from {{ games }} as games
    cross join lateral (
        select
            (play ->> 'atBatIndex')::bigint as at_bat_index,
            (play #>> '{matchup,batter,id}')::bigint as mlb_batter_id,
            (play #>> '{matchup,pitcher,id}')::bigint as mlb_pitcher_id,
            play #>> '{matchup,batSide,code}' as bat_side,
            play #>> '{matchup,pitchHand,code}' as pitch_hand,
            play #>> '{about,halfInning}' as half_inning,
            play #>> '{result,event}' as pa_event,
            play #>> '{result,eventType}' as pa_event_type,
            (play #>> '{about,inning}')::bigint as inning,
            (play #>> '{about,isComplete}')::boolean as is_play_complete
        from jsonb_array_elements(games.all_plays) as plays_of_game (play)
        offset 0
    ) as plays
{% endmacro %}
