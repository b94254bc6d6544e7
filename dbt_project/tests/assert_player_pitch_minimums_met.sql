{{ config(severity=var('pitch_minimums_severity')) }}

-- Each player the user names in the seed player_pitch_minimums (empty in the project: a warehouse lists its
-- own) has at least min_pitches pitches loaded for the season (seen as a batter plus thrown as a pitcher,
-- every level, over his logged games), times var('pitch_minimum_factor'). An absolute number, so only where
-- the user asks for one. Seasons with no tracked player's game log in the warehouse are skipped. It reads
-- the coverage mart only (a leaf): a failure skips no model.
with

minimums as (

    select * from {{ ref('player_pitch_minimums') }}

),

coverage as (

    select * from {{ ref('milb_player_coverage') }}

),

loaded_seasons as (

    select distinct season from coverage

),

player_totals as (

    select
        player_id,
        season,
        sum(loaded_pitches) as pitches
    from coverage
    group by player_id, season

),

shortfalls as (

    select
        minimums.player_id,
        minimums.full_name,
        minimums.season,
        minimums.min_pitches * {{ var('pitch_minimum_factor') }} as required_pitches,
        coalesce(player_totals.pitches, 0) as pitches
    from minimums
    inner join loaded_seasons
        on minimums.season = loaded_seasons.season
    left join player_totals
        on
            minimums.player_id = player_totals.player_id
            and minimums.season = player_totals.season
    where coalesce(player_totals.pitches, 0) < minimums.min_pitches * {{ var('pitch_minimum_factor') }}

)

select * from shortfalls
