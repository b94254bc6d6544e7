{{ config(severity=var('top_tracked_hitters_severity')) }}

-- The var('top_tracked_hitters') tracked hitters with the most plate appearances in their game logs, each
-- season, each have more than var('top_tracked_hitter_min_pitches') pitches in milb_batter_pitches (every
-- level): a regular's season cannot be missing from the warehouse unnoticed. No game logs, no rows.
with

game_logs as (

    select * from {{ ref('int_game_logs_leveled') }}
    where stat_group = 'hitting'

),

batter_pitches as (

    select * from {{ ref('milb_batter_pitches') }}

),

log_totals as (

    select
        player_id,
        season,
        sum(plate_appearances) as log_plate_appearances
    from game_logs
    group by player_id, season

),

top_hitters as (

    select * from (
        select
            *,
            row_number() over (
                partition by season
                order by log_plate_appearances desc, player_id asc
            ) as plate_appearance_rank
        from log_totals
    ) as ranked
    where plate_appearance_rank <= {{ var('top_tracked_hitters') }}

),

pitch_totals as (

    select
        batter_pitches.mlb_batter_id as player_id,
        batter_pitches.season,
        count(*) as pitches
    from batter_pitches
    inner join top_hitters
        on
            batter_pitches.mlb_batter_id = top_hitters.player_id
            and batter_pitches.season = top_hitters.season
    group by batter_pitches.mlb_batter_id, batter_pitches.season

),

shortfalls as (

    select
        top_hitters.player_id,
        top_hitters.season,
        top_hitters.plate_appearance_rank,
        top_hitters.log_plate_appearances,
        coalesce(pitch_totals.pitches, 0) as pitches
    from top_hitters
    left join pitch_totals
        on
            top_hitters.player_id = pitch_totals.player_id
            and top_hitters.season = pitch_totals.season
    where coalesce(pitch_totals.pitches, 0) <= {{ var('top_tracked_hitter_min_pitches') }}

)

select * from shortfalls
