{#-
    The level of a row from its sportId and league id, through `levels` (the relation of the seed of that
    name): a league row (sportId 16's complex leagues) refines its sport's row. `join_levels` adds the two
    joins; `leveled('level')` reads a column of the seed through them.
-#}
{% macro join_levels(levels, sport_id, league_id) %}
    left join {{ levels }} as league_levels
        on
            {{ sport_id }} = league_levels.sport_id
            and {{ league_id }} = league_levels.league_id
    left join {{ levels }} as sport_levels
        on
            {{ sport_id }} = sport_levels.sport_id
            and sport_levels.league_id is null
{% endmacro %}


{% macro leveled(column) -%}
    coalesce(league_levels.{{ column }}, sport_levels.{{ column }})
{%- endmacro %}
