{#- Whether int_pitches_unnested's windows read only the columns they need, the others joined back after. -#}
{% macro windows_read_narrow() %}
    {{ return(adapter.dispatch('windows_read_narrow')()) }}
{% endmacro %}


{# postgres and others: the plan sorts the unnested events once (the macro's order) and streams them whole. #}
{% macro default__windows_read_narrow() %}
    {{ return(false) }}
{% endmacro %}


{# duckdb: it sorts whole rows once per window, so narrow rows through the windows are far cheaper. #}
{% macro duckdb__windows_read_narrow() %}
    {{ return(true) }}
{% endmacro %}


{#- Whether int_pitches_unnested runs its windows game by game (a lateral subquery per game) instead of over
    every event at once. -#}
{% macro windows_per_game() %}
    {{ return(adapter.dispatch('windows_per_game')()) }}
{% endmacro %}


{# duckdb, spark and others: one pass of windows over every event. #}
{% macro default__windows_per_game() %}
    {{ return(false) }}
{% endmacro %}


{#- postgres: over every event it is one sort of ~2 GB of whole event rows (every field read from the jsonb,
    ~900 bytes each), past work_mem and onto disk; game by game, each sort is a few hundred rows in memory,
    and a filter on the games still reaches the table scan (it is outside the lateral). -#}
{% macro postgres__windows_per_game() %}
    {{ return(true) }}
{% endmacro %}
