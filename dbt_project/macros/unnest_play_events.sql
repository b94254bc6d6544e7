{#-
    One row per play event (pitches and non-pitches) of every game in `games`, a relation with
    `game_pk`, `raw_load_id` and the `all_plays` JSON document. Play-level fields repeat on each event.
    Every variant returns the same columns with the same types.
-#}
{% macro unnest_play_events(games) %}
    {{ return(adapter.dispatch('unnest_play_events')(games)) }}
{% endmacro %}


{% macro default__unnest_play_events(games) %}
    {{ exceptions.raise_compiler_error(
        "unnest_play_events has no variant for adapter '" ~ adapter.type() ~ "': add one in macros/"
    ) }}
{% endmacro %}


{# The fields of a play the models read, as DuckDB types; the rest of the document is skipped. #}
{% macro duckdb__play_schema() %}
    {%- set player = {"id": "BIGINT"} -%}
    {%- set code = {"code": "VARCHAR", "description": "VARCHAR"} -%}
    {%- set play_event = {
        "index": "BIGINT",
        "pitchNumber": "BIGINT",
        "playId": "VARCHAR",
        "isPitch": "BOOLEAN",
        "type": "VARCHAR",
        "player": player,
        "count": {"balls": "BIGINT", "strikes": "BIGINT", "outs": "BIGINT"},
        "details": {
            "eventType": "VARCHAR",
            "call": code,
            "type": code,
            "isStrike": "BOOLEAN",
            "isBall": "BOOLEAN",
            "isInPlay": "BOOLEAN"
        },
        "pitchData": {
            "startSpeed": "DOUBLE",
            "endSpeed": "DOUBLE",
            "strikeZoneTop": "DOUBLE",
            "strikeZoneBottom": "DOUBLE",
            "zone": "BIGINT",
            "extension": "DOUBLE",
            "coordinates": {
                "pfxX": "DOUBLE", "pfxZ": "DOUBLE", "pX": "DOUBLE", "pZ": "DOUBLE",
                "x0": "DOUBLE", "y0": "DOUBLE", "z0": "DOUBLE",
                "vX0": "DOUBLE", "vY0": "DOUBLE", "vZ0": "DOUBLE",
                "aX": "DOUBLE", "aY": "DOUBLE", "aZ": "DOUBLE"
            },
            "breaks": {
                "spinRate": "DOUBLE",
                "spinDirection": "DOUBLE",
                "breakVerticalInduced": "DOUBLE",
                "breakHorizontal": "DOUBLE"
            }
        },
        "hitData": {
            "launchSpeed": "DOUBLE",
            "launchAngle": "DOUBLE",
            "totalDistance": "DOUBLE",
            "trajectory": "VARCHAR",
            "hardness": "VARCHAR",
            "location": "VARCHAR",
            "coordinates": {"coordX": "DOUBLE", "coordY": "DOUBLE"}
        }
    } -%}
    {%- set play = {
        "atBatIndex": "BIGINT",
        "result": {"event": "VARCHAR", "eventType": "VARCHAR", "description": "VARCHAR"},
        "about": {"inning": "BIGINT", "halfInning": "VARCHAR", "isComplete": "BOOLEAN"},
        "count": {"outs": "BIGINT"},
        "matchup": {"batter": player, "pitcher": player, "batSide": code, "pitchHand": code},
        "playEvents": [play_event]
    } -%}
    {{- [play] | tojson -}}
{% endmacro %}


{# duckdb: a typed from_json parses each document once; repeated ->> re-parses it per field (5x slower). #}
{% macro duckdb__unnest_play_events(games) %}
    select
        game_pk,
        raw_load_id,
        at_bat_index,
        play_event['index'] as event_index,
        play_event['pitchNumber'] as pitch_number,
        play_event['playId'] as play_id,
        mlb_batter_id,
        mlb_pitcher_id,
        bat_side,
        pitch_hand,
        half_inning,
        pa_event,
        pa_event_type,
        pa_description,
        play_event['type'] as event_type,
        play_event['details']['eventType'] as action_type,
        play_event['player']['id'] as action_player_id,
        play_event['details']['type']['code'] as pitch_type,
        play_event['details']['type']['description'] as pitch_type_description,
        play_event['details']['call']['code'] as pitch_call,
        play_event['details']['call']['description'] as pitch_result,
        play_event['hitData']['trajectory'] as trajectory,
        play_event['hitData']['hardness'] as hardness,
        play_event['hitData']['location'] as hit_location,
        inning,
        play_outs,
        play_event['count']['balls'] as balls_after,
        play_event['count']['strikes'] as strikes_after,
        play_event['count']['outs'] as outs_after,
        play_event['pitchData']['startSpeed'] as start_speed,
        play_event['pitchData']['endSpeed'] as end_speed,
        play_event['pitchData']['breaks']['spinRate'] as spin_rate,
        play_event['pitchData']['breaks']['spinDirection'] as spin_direction,
        play_event['pitchData']['coordinates']['pfxX'] as pfx_x,
        play_event['pitchData']['coordinates']['pfxZ'] as pfx_z,
        play_event['pitchData']['coordinates']['pX'] as plate_x,
        play_event['pitchData']['coordinates']['pZ'] as plate_z,
        play_event['pitchData']['zone'] as zone,
        play_event['pitchData']['extension'] as release_extension,
        play_event['pitchData']['coordinates']['x0'] as x0,
        play_event['pitchData']['coordinates']['y0'] as y0,
        play_event['pitchData']['coordinates']['z0'] as z0,
        play_event['pitchData']['coordinates']['vX0'] as vx0,
        play_event['pitchData']['coordinates']['vY0'] as vy0,
        play_event['pitchData']['coordinates']['vZ0'] as vz0,
        play_event['pitchData']['coordinates']['aX'] as ax,
        play_event['pitchData']['coordinates']['aY'] as ay,
        play_event['pitchData']['coordinates']['aZ'] as az,
        play_event['pitchData']['strikeZoneTop'] as strike_zone_top,
        play_event['pitchData']['strikeZoneBottom'] as strike_zone_bottom,
        play_event['pitchData']['breaks']['breakVerticalInduced'] as break_vertical_induced,
        play_event['pitchData']['breaks']['breakHorizontal'] as break_horizontal,
        play_event['hitData']['launchSpeed'] as launch_speed,
        play_event['hitData']['launchAngle'] as launch_angle,
        play_event['hitData']['totalDistance'] as total_distance,
        play_event['hitData']['coordinates']['coordX'] as coord_x,
        play_event['hitData']['coordinates']['coordY'] as coord_y,
        coalesce(play_event['isPitch'], false) as is_pitch,
        play_event['details']['isStrike'] as is_strike,
        play_event['details']['isBall'] as is_ball,
        play_event['details']['isInPlay'] as is_in_play,
        is_play_complete
    from (
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
            play['result']['description'] as pa_description,
            play['about']['inning'] as inning,
            play['count']['outs'] as play_outs,
            play['about']['isComplete'] as is_play_complete,
            {{ unnest_array("play['playEvents']") }} as play_event
        from (
            select
                game_pk,
                raw_load_id,
                {{ unnest_json_array('all_plays', duckdb__play_schema()) }} as play
            from {{ games }}
        ) as plays
    ) as play_events
{% endmacro %}


{#
    spark: the same typed parse as DuckDB's, exploded (macros/json_arrays.sql); one generator per select, so
    plays and their events are two levels, as there.
#}
{% macro spark__unnest_play_events(games) %}
    {{ return(duckdb__unnest_play_events(games)) }}
{% endmacro %}


{#
    postgres: no typed json parse, but jsonb is stored parsed, so jsonb_array_elements laterals + #>> are
    cheap. Ordered here (the window order of int_pitches_unnested) so the planner computes the columns
    before sorting: otherwise it defers the #>> past the window sorts and sorts whole play documents.
#}
{% macro postgres__unnest_play_events(games) %}
    select * from (
        select
            games.game_pk,
            games.raw_load_id,
            (plays.play ->> 'atBatIndex')::bigint as at_bat_index,
            (play_events.play_event ->> 'index')::bigint as event_index,
            (play_events.play_event ->> 'pitchNumber')::bigint as pitch_number,
            play_events.play_event ->> 'playId' as play_id,
            (plays.play #>> '{matchup,batter,id}')::bigint as mlb_batter_id,
            (plays.play #>> '{matchup,pitcher,id}')::bigint as mlb_pitcher_id,
            plays.play #>> '{matchup,batSide,code}' as bat_side,
            plays.play #>> '{matchup,pitchHand,code}' as pitch_hand,
            plays.play #>> '{about,halfInning}' as half_inning,
            plays.play #>> '{result,event}' as pa_event,
            plays.play #>> '{result,eventType}' as pa_event_type,
            plays.play #>> '{result,description}' as pa_description,
            play_events.play_event ->> 'type' as event_type,
            play_events.play_event #>> '{details,eventType}' as action_type,
            (play_events.play_event #>> '{player,id}')::bigint as action_player_id,
            play_events.play_event #>> '{details,type,code}' as pitch_type,
            play_events.play_event #>> '{details,type,description}' as pitch_type_description,
            play_events.play_event #>> '{details,call,code}' as pitch_call,
            play_events.play_event #>> '{details,call,description}' as pitch_result,
            play_events.play_event #>> '{hitData,trajectory}' as trajectory,
            play_events.play_event #>> '{hitData,hardness}' as hardness,
            play_events.play_event #>> '{hitData,location}' as hit_location,
            (plays.play #>> '{about,inning}')::bigint as inning,
            (plays.play #>> '{count,outs}')::bigint as play_outs,
            (play_events.play_event #>> '{count,balls}')::bigint as balls_after,
            (play_events.play_event #>> '{count,strikes}')::bigint as strikes_after,
            (play_events.play_event #>> '{count,outs}')::bigint as outs_after,
            (play_events.play_event #>> '{pitchData,startSpeed}')::double precision as start_speed,
            (play_events.play_event #>> '{pitchData,endSpeed}')::double precision as end_speed,
            (play_events.play_event #>> '{pitchData,breaks,spinRate}')::double precision as spin_rate,
            (play_events.play_event #>> '{pitchData,breaks,spinDirection}')::double precision as spin_direction,
            (play_events.play_event #>> '{pitchData,coordinates,pfxX}')::double precision as pfx_x,
            (play_events.play_event #>> '{pitchData,coordinates,pfxZ}')::double precision as pfx_z,
            (play_events.play_event #>> '{pitchData,coordinates,pX}')::double precision as plate_x,
            (play_events.play_event #>> '{pitchData,coordinates,pZ}')::double precision as plate_z,
            (play_events.play_event #>> '{pitchData,zone}')::bigint as zone,
            (play_events.play_event #>> '{pitchData,extension}')::double precision as release_extension,
            (play_events.play_event #>> '{pitchData,coordinates,x0}')::double precision as x0,
            (play_events.play_event #>> '{pitchData,coordinates,y0}')::double precision as y0,
            (play_events.play_event #>> '{pitchData,coordinates,z0}')::double precision as z0,
            (play_events.play_event #>> '{pitchData,coordinates,vX0}')::double precision as vx0,
            (play_events.play_event #>> '{pitchData,coordinates,vY0}')::double precision as vy0,
            (play_events.play_event #>> '{pitchData,coordinates,vZ0}')::double precision as vz0,
            (play_events.play_event #>> '{pitchData,coordinates,aX}')::double precision as ax,
            (play_events.play_event #>> '{pitchData,coordinates,aY}')::double precision as ay,
            (play_events.play_event #>> '{pitchData,coordinates,aZ}')::double precision as az,
            (play_events.play_event #>> '{pitchData,strikeZoneTop}')::double precision as strike_zone_top,
            (play_events.play_event #>> '{pitchData,strikeZoneBottom}')::double precision as strike_zone_bottom,
            (play_events.play_event #>> '{pitchData,breaks,breakVerticalInduced}')::double precision
                as break_vertical_induced,
            (play_events.play_event #>> '{pitchData,breaks,breakHorizontal}')::double precision as break_horizontal,
            (play_events.play_event #>> '{hitData,launchSpeed}')::double precision as launch_speed,
            (play_events.play_event #>> '{hitData,launchAngle}')::double precision as launch_angle,
            (play_events.play_event #>> '{hitData,totalDistance}')::double precision as total_distance,
            (play_events.play_event #>> '{hitData,coordinates,coordX}')::double precision as coord_x,
            (play_events.play_event #>> '{hitData,coordinates,coordY}')::double precision as coord_y,
            coalesce((play_events.play_event ->> 'isPitch')::boolean, false) as is_pitch,
            (play_events.play_event #>> '{details,isStrike}')::boolean as is_strike,
            (play_events.play_event #>> '{details,isBall}')::boolean as is_ball,
            (play_events.play_event #>> '{details,isInPlay}')::boolean as is_in_play,
            (plays.play #>> '{about,isComplete}')::boolean as is_play_complete
        from {{ games }} as games
        cross join lateral jsonb_array_elements(games.all_plays) as plays (play)
        cross join lateral jsonb_array_elements(plays.play -> 'playEvents') as play_events (play_event)
        order by games.game_pk, games.raw_load_id, at_bat_index, event_index
    ) as play_events_in_order
{% endmacro %}
