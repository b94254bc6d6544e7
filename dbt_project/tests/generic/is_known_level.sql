{#-
    Fails on every level label that is null, missing from the `levels` seed (so never 'MiLB' or 'Unknown'), or
    outside var('accepted_levels'): every row of a mart sits at a real level.
-#}
{% test is_known_level(model, column_name) %}

with

levels as (

    select distinct level from {{ ref('levels') }}

),

labels as (

    select {{ column_name }} as level from {{ model }}

),

unknown_levels as (

    select
        labels.level,
        count(*) as row_count
    from labels
    left join levels
        on labels.level = levels.level
    where
        labels.level is null
        or levels.level is null
        or labels.level not in {{ string_list(var('accepted_levels')) }}
    group by labels.level

)

select * from unknown_levels

{% endtest %}
