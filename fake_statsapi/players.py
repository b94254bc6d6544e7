"""Invented players: generated rosters, their skills and arsenals, and the tracked-prospects list."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loader.inputs import PLAYER_COLUMNS, read_players
from loader.settings import PITCHER_POSITIONS

TRACKED_PLAYERS_HEADER: tuple[str, ...] = PLAYER_COLUMNS


# (code, name, type, abbreviation) as the API writes a position.
POSITIONS: dict[str, tuple[str, str, str, str]] = {
    "P": ("1", "Pitcher", "Pitcher", "P"),
    "C": ("2", "Catcher", "Catcher", "C"),
    "1B": ("3", "First Base", "Infielder", "1B"),
    "2B": ("4", "Second Base", "Infielder", "2B"),
    "3B": ("5", "Third Base", "Infielder", "3B"),
    "SS": ("6", "Shortstop", "Infielder", "SS"),
    "LF": ("7", "Outfielder", "Outfielder", "LF"),
    "CF": ("8", "Outfielder", "Outfielder", "CF"),
    "RF": ("9", "Outfielder", "Outfielder", "RF"),
    "DH": ("10", "Designated Hitter", "Hitter", "DH"),
    "PH": ("11", "Pinch Hitter", "Hitter", "PH"),
    "PR": ("12", "Pinch Runner", "Runner", "PR"),
    "OF": ("O", "Outfield", "Outfielder", "OF"),
    "IF": ("I", "Infield", "Infielder", "IF"),
    "UT": ("Y", "Utility", "Utility", "UT"),
}

PITCH_TYPES: dict[str, str] = {
    "FF": "Four-Seam Fastball",
    "SI": "Sinker",
    "FC": "Cutter",
    "SL": "Slider",
    "ST": "Sweeper",
    "CU": "Curveball",
    "KC": "Knuckle Curve",
    "CH": "Changeup",
    "FS": "Splitter",
    "SV": "Slurve",
}


def _names(text: str) -> tuple[str, ...]:
    """A comma-separated block of names as a tuple (keeps long name tables readable)."""
    return tuple(" ".join(name.split()) for name in text.split(",") if name.strip())


_FIRST_NAMES: tuple[str, ...] = _names(
    """
    Aaron, Adrian, Alejandro, Andres, Austin, Beau, Blake, Brady, Brandon, Bryce, Caleb, Carlos, Carter, Chase,
    Cole, Colton, Connor, Cristian, Dalton, Daniel, Dario, David, Deivi, Derek, Diego, Drew, Dylan, Edwin, Eli,
    Elvis, Emilio, Enrique, Eric, Ethan, Felix, Fernando, Francisco, Gabriel, Garrett, Gavin, Gerardo, Grant,
    Gustavo, Hayden, Hector, Hunter, Ian, Isaac, Ivan, Jace, Jack, Jacob, Jake, Javier, Jayden, Jesus, Joel, Jonah,
    Jordan, Jose, Josh, Juan, Julio, Justin, Kaden, Keegan, Kevin, Kyle, Landon, Leo, Liam, Logan, Lucas, Luis,
    Manuel, Marco, Mason, Mateo, Max, Micah, Miguel, Nathan, Nick, Nolan, Oliver, Omar, Owen, Pablo, Parker, Pedro,
    Rafael, Ramon, Reid, Ricardo, Riley, Roberto, Ryan, Samuel, Santiago, Sean, Sebastian, Shane, Spencer, Tanner,
    Thomas, Trent, Trevor, Tristan, Tyler, Victor, Wade, Will, Wilmer, Xavier, Yadiel, Yoel, Zach, Kenji, Min-jun,
    Hiro, Andrei, Matteo, Ronny, Yeison, Darwin, Brayan, Kendry
    """
)
_LAST_NAMES: tuple[str, ...] = _names(
    """
    Abreu, Acuna, Adams, Alcantara, Allen, Alvarado, Anderson, Arias, Baker, Barnes, Batista, Bell, Bennett, Blanco,
    Brooks, Bryant, Burke, Cabrera, Caldwell, Campbell, Carrasco, Castillo, Castro, Chapman, Clark, Coleman,
    Collins, Contreras, Cooper, Cordero, Cruz, Dalton, Davis, Delgado, Diaz, Dominguez, Duran, Edwards, Ellis,
    Espinal, Estrada, Evans, Faulkner, Fernandez, Fisher, Flores, Ford, Foster, Fuentes, Garcia, Gibson, Gomez,
    Gonzalez, Graham, Grant, Green, Guerrero, Gutierrez, Hale, Hamilton, Harper, Harris, Hayes, Henderson,
    Hernandez, Hicks, Hill, Holland, Howard, Hudson, Jackson, Jenkins, Jimenez, Johnson, Jordan, Kelly, Kennedy,
    Kim, King, Knight, Lambert, Lara, Lawson, Lee, Leon, Lewis, Lopez, Lucero, Maldonado, Marte, Martin, Martinez,
    Mason, Medina, Mejia, Mendoza, Meyer, Miller, Mitchell, Molina, Montero, Moore, Morales, Moreno, Morgan, Murphy,
    Nash, Navarro, Nelson, Nunez, Ochoa, Ortega, Ortiz, Owens, Pacheco, Palmer, Parker, Pena, Perez, Perry,
    Peterson, Pineda, Porter, Powell, Price, Quintana, Ramirez, Ramos, Reed, Reyes, Richards, Rivera, Roberts,
    Robinson, Rodriguez, Rojas, Romero, Rosario, Ross, Ruiz, Russell, Salazar, Sanchez, Santana, Santos, Schmidt,
    Scott, Serrano, Shaw, Silva, Simmons, Soto, Spencer, Stewart, Suarez, Sullivan, Tapia, Taylor, Tejada, Thompson,
    Torres, Tucker, Turner, Urena, Valdez, Vargas, Vasquez, Vega, Velasquez, Wagner, Walker, Wallace, Ward, Watson,
    Webb, Wells, West, White, Williams, Wilson, Wood, Wright, Yamada, Young, Zamora, Zimmerman, Park, Tanaka, Novak,
    Rossi, Kowalski
    """
)

_BIRTHPLACES: tuple[tuple[str, str], ...] = (
    ("Santo Domingo", "Dominican Republic"),
    ("San Pedro de Macoris", "Dominican Republic"),
    ("Valencia", "Venezuela"),
    ("Maracaibo", "Venezuela"),
    ("Havana", "Cuba"),
    ("Hermosillo", "Mexico"),
    ("Tampa", "USA"),
    ("Houston", "USA"),
    ("San Diego", "USA"),
    ("Atlanta", "USA"),
    ("Sacramento", "USA"),
    ("Chicago", "USA"),
    ("Nashville", "USA"),
    ("Phoenix", "USA"),
    ("Seoul", "Korea"),
    ("Osaka", "Japan"),
    ("Willemstad", "Curacao"),
    ("Panama City", "Panama"),
)

# Slots of a generated 13-hitter roster: the first nine start by default, the last four are the bench.
HITTER_SLOTS: tuple[str, ...] = ("C", "1B", "2B", "3B", "SS", "LF", "CF", "RF", "DH", "C", "IF", "OF", "1B")
# Where a tracked hitter is placed, by the position his row gives.
_TRACKED_SLOT_PREFERENCE: dict[str, tuple[int, ...]] = {
    "C": (0, 9),
    "1B": (1, 8, 12),
    "2B": (2, 4, 8),
    "3B": (3, 8, 1),
    "SS": (4, 2, 3, 8),
    "LF": (5, 7, 8),
    "CF": (6, 5, 7, 8),
    "RF": (7, 5, 8),
    "OF": (6, 5, 7, 8),
    "IF": (4, 2, 3, 8),
    "DH": (8, 1, 5, 7),
}
ROTATION_SIZE = 5


@dataclass(slots=True)
class Player:
    """One invented (or tracked) player and the skills the simulation draws from."""

    player_id: int
    first_name: str
    last_name: str
    position: str
    is_pitcher: bool
    bat_side: str
    pitch_hand: str
    birth_date: str
    number: str
    height: str
    weight: int
    contact: float = 0.0
    power: float = 0.0
    eye: float = 0.0
    stuff: float = 0.0
    control: float = 0.0
    velocity: float = 0.0
    arsenal: tuple[tuple[str, float], ...] = ()
    arsenal_weights: tuple[float, ...] = ()
    sz_top: float = 3.4
    sz_bottom: float = 1.6
    is_tracked: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        """First and last name as the API's ``fullName``."""
        return f"{self.first_name} {self.last_name}".strip()

    def slot_preference(self) -> tuple[int, ...]:
        """Roster slots a tracked hitter may take, best first."""
        return _TRACKED_SLOT_PREFERENCE.get(self.position, (8, 1, 5, 7, 3, 2))


def make_player(
    player_id: int,
    rng: random.Random,
    *,
    is_pitcher: bool,
    position: str,
    season: int,
    name: tuple[str, str] | None = None,
    is_tracked: bool = False,
) -> Player:
    """Draw one player's handedness, body, skills and (for a pitcher) arsenal."""
    first, last = name if name else (rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES))
    if is_pitcher:
        pitch_hand = "L" if (position == "LHP" or (position != "RHP" and rng.random() < 0.28)) else "R"
        bat_side = pitch_hand if rng.random() < 0.85 else ("L" if pitch_hand == "R" else "R")
    else:
        pitch_hand = "R" if rng.random() < 0.9 else "L"
        r = rng.random()
        bat_side = "R" if r < 0.57 else ("L" if r < 0.9 else "S")
    age = rng.randint(18, 27) if not is_tracked else rng.randint(18, 23)
    birth = f"{season - age}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    height_in = rng.randint(69, 78) if is_pitcher else rng.randint(67, 76)
    player = Player(
        player_id=player_id,
        first_name=first,
        last_name=last,
        position="P" if is_pitcher else position,
        is_pitcher=is_pitcher,
        bat_side=bat_side,
        pitch_hand=pitch_hand,
        birth_date=birth,
        number=str(rng.randint(1, 99)),
        height=f"{height_in // 12}' {height_in % 12}\"",
        weight=rng.randint(170, 245),
        sz_top=round(rng.uniform(3.2, 3.6), 2),
        sz_bottom=round(rng.uniform(1.5, 1.7), 2),
        is_tracked=is_tracked,
    )
    player.extra["birth_city"], player.extra["birth_country"] = rng.choice(_BIRTHPLACES)
    # Prospects are better than their roster mates, which is what makes them worth tracking.
    boost = 0.12 if is_tracked else 0.0
    if is_pitcher:
        player.stuff = min(1.0, rng.betavariate(4, 4) + boost)
        player.control = min(1.0, rng.betavariate(4, 4) + boost / 2)
        player.velocity = rng.gauss(92.3, 2.0) + boost * 12
        player.arsenal, player.arsenal_weights = _arsenal(rng)
    else:
        player.contact = min(1.0, rng.betavariate(4, 4) + boost)
        player.power = min(1.0, rng.betavariate(3, 4) + boost)
        player.eye = min(1.0, rng.betavariate(4, 4) + boost / 2)
    return player


def _arsenal(rng: random.Random) -> tuple[tuple[tuple[str, float], ...], tuple[float, ...]]:
    """A pitcher's pitch mix: a primary fastball and two to four secondaries, with usage shares."""
    primary = "FF" if rng.random() < 0.7 else "SI"
    pitches: list[tuple[str, float]] = [(primary, rng.uniform(0.40, 0.55))]
    if primary == "SI" and rng.random() < 0.5:
        pitches.append(("FF", rng.uniform(0.08, 0.18)))
    candidates = ["SL", "CH", "CU", "FC", "ST", "FS", "KC", "SV"]
    weights = [30, 25, 15, 12, 10, 6, 4, 2]
    n_secondary = rng.choice((2, 2, 3, 3, 4))
    chosen: list[str] = []
    while len(chosen) < n_secondary:
        code = rng.choices(candidates, weights)[0]
        if code not in chosen:
            chosen.append(code)
    for code in chosen:
        pitches.append((code, rng.uniform(0.08, 0.30)))
    total = sum(share for _, share in pitches)
    mix = tuple((code, share / total) for code, share in pitches)
    cumulative: list[float] = []
    running = 0.0
    for _, share in mix:
        running += share
        cumulative.append(running)
    return mix, tuple(cumulative)


def generated_roster(team_id: int, first_player_id: int, rng: random.Random, season: int) -> list[Player]:
    """Thirteen hitters (in ``HITTER_SLOTS`` order) then thirteen pitchers (five starters first)."""
    players = [
        make_player(first_player_id + i, rng, is_pitcher=False, position=pos, season=season)
        for i, pos in enumerate(HITTER_SLOTS)
    ]
    players += [
        make_player(first_player_id + 13 + i, rng, is_pitcher=True, position="P", season=season) for i in range(13)
    ]
    return players


def is_pitcher_position(position: str) -> bool:
    """Whether a tracked-players row's position names a pitcher."""
    return position.strip().upper() in PITCHER_POSITIONS


# Invented prospects: names are made up; organizations are real parent clubs so levels can be placed.
_DEFAULT_TRACKED: tuple[tuple[int, str, str, str], ...] = (
    (700001, "Mateo Valdespino", "SS", "Toronto Blue Jays"),
    (700002, "Colby Renfrow", "CF", "Baltimore Orioles"),
    (700003, "Ricky Almonte", "C", "Seattle Mariners"),
    (700004, "Dawson Pruitt", "RHP", "Pittsburgh Pirates"),
    (700005, "Yordi Castellano", "3B", "Detroit Tigers"),
    (700006, "Brennan Oakes", "2B", "Los Angeles Dodgers"),
    (700007, "Tomas Arrieta", "LHP", "Chicago Cubs"),
    (700008, "Jalen Whitacre", "OF", "Tampa Bay Rays"),
    (700009, "Nico Barrientos", "1B", "Houston Astros"),
    (700010, "Sawyer Lindqvist", "RHP", "Cleveland Guardians"),
    (700011, "Emmanuel Oquendo", "SS", "San Diego Padres"),
    (700012, "Holt Drummond", "LF", "Atlanta Braves"),
    (700013, "Kaito Morimoto", "RHP", "New York Yankees"),
    (700014, "Ezequiel Paniagua", "C", "Texas Rangers"),
    (700015, "Trace Holloway", "RF", "Cincinnati Reds"),
    (700016, "Wyatt Kessler", "LHP", "Milwaukee Brewers"),
    (700017, "Andruw Solano", "3B", "Boston Red Sox"),
    (700018, "Griffin Tate", "P", "Minnesota Twins"),
    (700019, "Dariel Fermin", "CF", "Kansas City Royals"),
    (700020, "Luke Brannigan", "RHP", "New York Mets"),
)


def default_tracked_players() -> list[dict[str, str | int]]:
    """The ~20 invented prospects a generated season tracks when it is given no list."""
    return [
        {"player_id": pid, "full_name": name, "position": pos, "organization": org}
        for pid, name, pos, org in _DEFAULT_TRACKED
    ]


def write_tracked_players_csv(players: Iterable[dict[str, str | int]], path: str | Path) -> Path:
    """Write tracked players as CSV with header ``player_id,full_name,position,organization``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(TRACKED_PLAYERS_HEADER), extrasaction="ignore")
        writer.writeheader()
        for row in players:
            writer.writerow({key: row.get(key, "") for key in TRACKED_PLAYERS_HEADER})
    return path


def read_tracked_players_csv(path: str | Path) -> list[dict[str, Any]]:
    """A tracked-players CSV, read (and rejected, ``PlayersFileError``, a ValueError) as the loader reads it."""
    return read_players(Path(path))
