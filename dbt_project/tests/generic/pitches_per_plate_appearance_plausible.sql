{#-
    Fails on every group (e.g. level and season) of at least var('pitches_per_pa_min_plate_appearances') plate
    appearances whose pitches per plate appearance fall outside var('min_pitches_per_pa') to
    var('max_pitches_per_pa'): lost or duplicated pitches, or plate appearances, move the ratio.
-#}
{% test pitches_per_plate_appearance_plausible(model, pitches_column, plate_appearances_column, group_by) %}

with

totals as (

    select
        {{ group_by | join(',\n        ') }},
        sum({{ pitches_column }}) as pitches,
        sum({{ plate_appearances_column }}) as plate_appearances
    from {{ model }}
    group by {{ group_by | join(', ') }}

),

ratios as (

    select
        *,
        {{ ratio('pitches', 'plate_appearances') }} as pitches_per_plate_appearance
    from totals
    where plate_appearances >= {{ var('pitches_per_pa_min_plate_appearances') }}

),

implausible as (

    select * from ratios
    where
        pitches_per_plate_appearance < {{ var('min_pitches_per_pa') }}
        or pitches_per_plate_appearance > {{ var('max_pitches_per_pa') }}

)

select * from implausible

{% endtest %}
