-- The rank models and the percentile models describe the same cohorts: for every level-season, the
-- qualified players counted in milb_<side>_percentile_ranks are the cohort_size of
-- mv_<side>_percentiles_by_level.
with

hitter_percentiles as (

    select * from {{ ref('mv_hitter_percentiles_by_level') }}

),

pitcher_percentiles as (

    select * from {{ ref('mv_pitcher_percentiles_by_level') }}

),

hitter_ranks as (

    select * from {{ ref('milb_hitter_percentile_ranks') }}

),

pitcher_ranks as (

    select * from {{ ref('milb_pitcher_percentile_ranks') }}

),

percentile_cohorts as (

    select distinct
        'hitter' as side,
        season,
        level,
        cohort_size
    from hitter_percentiles

    union all

    select distinct
        'pitcher' as side,
        season,
        level,
        cohort_size
    from pitcher_percentiles

),

rank_cohorts as (

    select
        'hitter' as side,
        season,
        level,
        count(case when is_qualified then 1 end) as cohort_size
    from hitter_ranks
    group by season, level

    union all

    select
        'pitcher' as side,
        season,
        level,
        count(case when is_qualified then 1 end) as cohort_size
    from pitcher_ranks
    group by season, level

),

disagreements as (

    select
        coalesce(percentile_cohorts.side, rank_cohorts.side) as side,
        coalesce(percentile_cohorts.season, rank_cohorts.season) as season,
        coalesce(percentile_cohorts.level, rank_cohorts.level) as level,
        percentile_cohorts.cohort_size as percentile_cohort_size,
        rank_cohorts.cohort_size as rank_cohort_size
    from percentile_cohorts
    full outer join rank_cohorts
        on
            percentile_cohorts.side = rank_cohorts.side
            and percentile_cohorts.season = rank_cohorts.season
            and percentile_cohorts.level = rank_cohorts.level
    where coalesce(percentile_cohorts.cohort_size, 0) <> coalesce(rank_cohorts.cohort_size, 0)

)

select * from disagreements
