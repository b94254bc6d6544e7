with

games as (

    select
        game_pk,
        raw_load_id,
        all_plays
    from {{ ref('stg_statsapi__games') }}

),

plays as (

    {{ unnest_plays('games') }}

),

completed as (

    select
        *,
        -- A feed without about.isComplete still marks a finished play by its result.
        coalesce(is_play_complete, pa_event_type is not null) as is_complete,
        -- A runner's out (or move) that ends the play first leaves the batter's plate appearance unfinished.
        coalesce(
            pa_event_type in {{ string_list(non_plate_appearance_event_types()) }}, false
        ) as is_ended_by_runner
    from plays

),

final as (

    select
        -- ids
        game_pk,
        at_bat_index,
        mlb_batter_id,
        mlb_pitcher_id,
        raw_load_id,

        -- strings
        half_inning,
        bat_side,
        pitch_hand,
        pa_event_type as pa_result,
        pa_event,

        -- numerics
        inning,

        -- booleans
        is_complete,
        -- What the box score counts as a plate appearance (and a batter faced).
        is_complete and not is_ended_by_runner as is_plate_appearance

    from completed

)

select * from final
