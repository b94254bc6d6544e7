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
