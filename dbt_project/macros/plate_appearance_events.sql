{#-
    Play results (`result.eventType`) that end a play without ending the batter's plate appearance: a runner
    is put out (or moves) for the inning's last out, and the batter leads off the next inning in a new play.
    The box score credits no plate appearance (nor batter faced) for them.
-#}
{% macro non_plate_appearance_event_types() %}
    {{ return([
        'caught_stealing_2b', 'caught_stealing_3b', 'caught_stealing_home',
        'pickoff_1b', 'pickoff_2b', 'pickoff_3b',
        'pickoff_caught_stealing_2b', 'pickoff_caught_stealing_3b', 'pickoff_caught_stealing_home',
        'pickoff_error_1b', 'pickoff_error_2b', 'pickoff_error_3b',
        'stolen_base_2b', 'stolen_base_3b', 'stolen_base_home',
        'wild_pitch', 'passed_ball', 'balk', 'other_advance', 'defensive_indiff', 'runner_double_play',
    ]) }}
{% endmacro %}
