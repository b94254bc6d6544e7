{#-
    The incremental filter of every model keyed on game_pk: on an incremental run, only games (re)loaded since
    the model was last built (delete+insert on game_pk then replaces their rows); nothing on a full build.
-#}
{% macro only_new_games(column='raw_load_id') -%}
    {%- if is_incremental() -%}
        where {{ column }} > '{{ newest_raw_load_id() }}'
    {%- endif -%}
{%- endmacro %}
