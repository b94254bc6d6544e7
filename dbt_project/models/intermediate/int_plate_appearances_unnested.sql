with

games as (

    select
        game_pk,
        raw_load_id,
        all_plays
    from {{ ref('stg_statsapi__games') }}

),

event_types as (

    select * from {{ ref('event_types') }}

),

plays as (

    {{ unnest_plays('games') }}

),

completed as (

    select
        plays.*,
        -- A feed without about.isComplete still marks a finished play by its result.
        coalesce(plays.is_play_complete, plays.pa_event_type is not null) as is_complete,
        -- The API's registry says which results are plate appearances: a runner's out that ends the inning
        -- first (caught stealing, pickoff, other_out) is not, and the batter leads off the next inning.
        -- Null for a type the registry lacks, not guessed: a warning test on milb_plate_appearances names it.
        event_types.is_plate_appearance as is_plate_appearance_event
    from plays
    left join event_types
        on plays.pa_event_type = event_types.code

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
        -- What the box score counts as a plate appearance (and a batter faced); not yet while in progress.
        case when is_complete then is_plate_appearance_event else false end as is_plate_appearance

    from completed

)

select * from final
