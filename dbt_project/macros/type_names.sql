{#- Type names the models cast to, where an engine spells them its own way. -#}
{% macro type_text() %}
    {{ return(adapter.dispatch('type_text')()) }}
{% endmacro %}


{# duckdb, postgres: varchar without a length. #}
{% macro default__type_text() %}
    {{ return('varchar') }}
{% endmacro %}


{# spark: varchar needs a length there; string is its text type. #}
{% macro spark__type_text() %}
    {{ return('string') }}
{% endmacro %}


{% macro type_double() %}
    {{ return(adapter.dispatch('type_double')()) }}
{% endmacro %}


{# duckdb, postgres: the SQL standard's name. #}
{% macro default__type_double() %}
    {{ return('double precision') }}
{% endmacro %}


{# spark: it knows only `double`. #}
{% macro spark__type_double() %}
    {{ return('double') }}
{% endmacro %}
