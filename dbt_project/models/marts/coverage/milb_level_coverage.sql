-- Tracked players' coverage per level and season, hitting and pitching together: the first plot of
-- make report, read as it is.
with

player_coverage as (

    select * from {{ ref('milb_player_coverage') }}

),

level_coverage as (

    select
        level,
        season,
        count(distinct player_id) as players,
        cast(sum(games_in_logs) as bigint) as games_in_logs,
        cast(sum(games_loaded) as bigint) as games_loaded,
        cast(sum(games_missing) as bigint) as games_missing,
        cast(sum(expected_pitches) as bigint) as expected_pitches,
        cast(sum(loaded_pitches) as bigint) as loaded_pitches,
        cast(sum(missing_pitches) as bigint) as missing_pitches
    from player_coverage
    group by level, season

),

final as (

    select
        -- strings
        level,

        -- numerics
        season,
        players,
        games_in_logs,
        games_loaded,
        games_missing,
        expected_pitches,
        loaded_pitches,
        missing_pitches,
        {{ ratio('loaded_pitches', 'expected_pitches') }} as coverage_ratio

    from level_coverage

)

select * from final
