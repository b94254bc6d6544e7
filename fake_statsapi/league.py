"""Static tables of the fake season: levels, leagues, parent organizations and the invented clubs.

Level and league ids are the Stats API's own (sportId 11 Triple-A ... 16 Rookie; league 117 International
League, ...), so a loader keyed on ids behaves as it would against the real API. Club names, venues and ids
below 10000 that are not an MLB organization are invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

COPYRIGHT = (
    "Copyright 2026 MLB Advanced Media, L.P.  Use of any content on this page acknowledges agreement to the "
    "terms posted here http://gdx.mlb.com/components/copyright.txt"
)


@dataclass(frozen=True)
class Level:
    """A level of play, keyed by the Stats API sportId."""

    sport_id: int
    code: str
    name: str
    abbreviation: str
    sort_order: int


LEVELS: dict[int, Level] = {
    1: Level(1, "mlb", "Major League Baseball", "MLB", 11),
    11: Level(11, "aaa", "Triple-A", "AAA", 101),
    12: Level(12, "aax", "Double-A", "AA", 201),
    13: Level(13, "afa", "High-A", "A+", 301),
    14: Level(14, "afx", "Single-A", "A", 401),
    16: Level(16, "rok", "Rookie", "ROK", 701),
}

MINOR_SPORT_IDS: tuple[int, ...] = (11, 12, 13, 14, 16)

# The rest of the real /sports list, so a client that walks it meets the same non-affiliated ids (17 Winter
# Leagues, 21 the "Minors" aggregate that returns nothing for gameLog, ...).
OTHER_SPORTS: tuple[tuple[int, str, str, str, int], ...] = (
    (17, "win", "Winter Leagues", "WIN", 1301),
    (21, "min", "Minor League Baseball", "Minors", 1402),
    (23, "ind", "Independent Leagues", "IND", 2101),
    (51, "int", "International Baseball", "INT", 3501),
    (22, "bbc", "College Baseball", "College", 5101),
)


@dataclass(frozen=True)
class League:
    """A minor league: its level, size and season window (month, day)."""

    league_id: int
    name: str
    abbreviation: str
    sport_id: int
    n_teams: int
    games_per_team: int
    opens: tuple[int, int]
    closes: tuple[int, int]

    def window(self, season: int) -> tuple[dt.date, dt.date]:
        """First and last playing date of this league in a season."""
        return dt.date(season, *self.opens), dt.date(season, *self.closes)


# Sizes and season lengths follow the post-2021 minor leagues; the Dominican Summer League is trimmed to one
# club per organization.
LEAGUES: tuple[League, ...] = (
    League(117, "International League", "IL", 11, 20, 150, (3, 28), (9, 21)),
    League(112, "Pacific Coast League", "PCL", 11, 10, 150, (3, 28), (9, 21)),
    League(113, "Eastern League", "EL", 12, 12, 138, (4, 4), (9, 14)),
    League(111, "Southern League", "SL", 12, 8, 138, (4, 4), (9, 14)),
    League(109, "Texas League", "TL", 12, 10, 138, (4, 4), (9, 14)),
    League(116, "South Atlantic League", "SAL", 13, 12, 132, (4, 4), (9, 7)),
    League(118, "Midwest League", "MWL", 13, 12, 132, (4, 4), (9, 7)),
    League(126, "Northwest League", "NWL", 13, 6, 132, (4, 4), (9, 7)),
    League(122, "Carolina League", "CAR", 14, 12, 132, (4, 4), (9, 7)),
    League(123, "Florida State League", "FSL", 14, 10, 132, (4, 4), (9, 7)),
    League(110, "California League", "CAL", 14, 8, 132, (4, 4), (9, 7)),
    League(121, "Arizona Complex League", "ACL", 16, 15, 56, (5, 5), (8, 24)),
    League(124, "Florida Complex League", "FCL", 16, 15, 56, (5, 5), (8, 24)),
    League(130, "Dominican Summer League", "DSL", 16, 30, 72, (5, 26), (8, 17)),
)

LEAGUES_BY_ID: dict[int, League] = {league.league_id: league for league in LEAGUES}

MLB_LEAGUES: dict[int, str] = {103: "American League", 104: "National League"}


@dataclass(frozen=True)
class Organization:
    """An MLB parent club (the real ids and names): tracked players name one as their organization."""

    org_id: int
    name: str
    abbreviation: str
    location: str
    club: str
    league_id: int
    utc_offset: int
    spring: str  # "ACL" (Cactus League) or "FCL" (Grapefruit League): where its complex team plays


ORGANIZATIONS: tuple[Organization, ...] = (
    Organization(108, "Los Angeles Angels", "LAA", "Los Angeles", "Angels", 103, -7, "ACL"),
    Organization(109, "Arizona Diamondbacks", "AZ", "Arizona", "D-backs", 104, -7, "ACL"),
    Organization(110, "Baltimore Orioles", "BAL", "Baltimore", "Orioles", 103, -4, "FCL"),
    Organization(111, "Boston Red Sox", "BOS", "Boston", "Red Sox", 103, -4, "FCL"),
    Organization(112, "Chicago Cubs", "CHC", "Chicago", "Cubs", 104, -5, "ACL"),
    Organization(113, "Cincinnati Reds", "CIN", "Cincinnati", "Reds", 104, -4, "ACL"),
    Organization(114, "Cleveland Guardians", "CLE", "Cleveland", "Guardians", 103, -4, "ACL"),
    Organization(115, "Colorado Rockies", "COL", "Colorado", "Rockies", 104, -6, "ACL"),
    Organization(116, "Detroit Tigers", "DET", "Detroit", "Tigers", 103, -4, "FCL"),
    Organization(117, "Houston Astros", "HOU", "Houston", "Astros", 103, -5, "FCL"),
    Organization(118, "Kansas City Royals", "KC", "Kansas City", "Royals", 103, -5, "ACL"),
    Organization(119, "Los Angeles Dodgers", "LAD", "Los Angeles", "Dodgers", 104, -7, "ACL"),
    Organization(120, "Washington Nationals", "WSH", "Washington", "Nationals", 104, -4, "FCL"),
    Organization(121, "New York Mets", "NYM", "New York", "Mets", 104, -4, "FCL"),
    Organization(133, "Athletics", "ATH", "Athletics", "Athletics", 103, -7, "ACL"),
    Organization(134, "Pittsburgh Pirates", "PIT", "Pittsburgh", "Pirates", 104, -4, "FCL"),
    Organization(135, "San Diego Padres", "SD", "San Diego", "Padres", 104, -7, "ACL"),
    Organization(136, "Seattle Mariners", "SEA", "Seattle", "Mariners", 103, -7, "ACL"),
    Organization(137, "San Francisco Giants", "SF", "San Francisco", "Giants", 104, -7, "ACL"),
    Organization(138, "St. Louis Cardinals", "STL", "St. Louis", "Cardinals", 104, -5, "FCL"),
    Organization(139, "Tampa Bay Rays", "TB", "Tampa Bay", "Rays", 103, -4, "FCL"),
    Organization(140, "Texas Rangers", "TEX", "Texas", "Rangers", 103, -5, "ACL"),
    Organization(141, "Toronto Blue Jays", "TOR", "Toronto", "Blue Jays", 103, -4, "FCL"),
    Organization(142, "Minnesota Twins", "MIN", "Minnesota", "Twins", 103, -5, "FCL"),
    Organization(143, "Philadelphia Phillies", "PHI", "Philadelphia", "Phillies", 104, -4, "FCL"),
    Organization(144, "Atlanta Braves", "ATL", "Atlanta", "Braves", 104, -4, "FCL"),
    Organization(145, "Chicago White Sox", "CWS", "Chicago", "White Sox", 103, -5, "ACL"),
    Organization(146, "Miami Marlins", "MIA", "Miami", "Marlins", 104, -4, "FCL"),
    Organization(147, "New York Yankees", "NYY", "New York", "Yankees", 103, -4, "FCL"),
    Organization(158, "Milwaukee Brewers", "MIL", "Milwaukee", "Brewers", 104, -5, "ACL"),
)

ORGS_BY_ID: dict[int, Organization] = {org.org_id: org for org in ORGANIZATIONS}


@dataclass(frozen=True)
class Team:
    """A club: an invented minor-league affiliate, or an MLB organization's big-league club."""

    team_id: int
    name: str
    location: str
    club: str
    abbreviation: str
    sport_id: int
    league_id: int
    league_name: str
    org_id: int
    venue_id: int
    venue_name: str
    utc_offset: int
    first_year: int

    @property
    def parent_org_name(self) -> str:
        """The parent organization's name (the club's own name for an MLB team)."""
        return ORGS_BY_ID[self.org_id].name


def _names(text: str) -> tuple[str, ...]:
    """A comma-separated block of names as a tuple (keeps long name tables readable)."""
    return tuple(" ".join(name.split()) for name in text.split(",") if name.strip())


# Invented club towns and nicknames; real places, no real club's name.
_TOWNS: tuple[str, ...] = _names(
    """
    Ashford, Bellmont, Cedar Falls, Dunmore, Easton, Fairhaven, Glenwood, Harbor City, Ironton, Jasper, Kingsport,
    Lakeview, Milford, Northfield, Oakdale, Port Jervis, Quincy, Riverton, Salem Heights, Tidewater, Union City,
    Valley Forge, Westbury, Yorkton, Zanesville, Abingdon, Brookfield, Clearwater Bay, Dover Plains, Elmira,
    Franklin, Granite Falls, Hagerstown, Islip, Johnstown, Kent, Lancaster, Mount Vernon, New Castle, Oswego,
    Pottsville, Red Bank, Stamford, Troy, Utica, Vineland, Wheeling, Ardmore, Beloit Springs, Carbondale, Decatur,
    Evansville, Fort Wayne, Galesburg, Hutchinson, Joliet, Kokomo, Lafayette, Muncie, Normal, Ottumwa, Peoria
    Heights, Rockford, Sioux Falls, Terre Haute, Urbana, Waterloo, Amarillo Flats, Boise, Casper, Durango, El
    Centro, Flagstaff, Grand Junction, Helena, Idaho Falls, Klamath, Laramie, Modesto, Napa, Ogden, Pueblo, Redding,
    Santa Rosa, Tucson Valley, Visalia Grove, Walla Walla, Yakima, Abilene, Beaumont, Corsicana, Denton, Edinburg,
    Galveston, Harlingen, Kerrville, Lubbock, Midland Plains, Odessa, Pecos, San Marcos, Tyler, Waco, Athens,
    Brunswick, Columbus Falls, Dalton, Florence, Gadsden, Huntsville Ridge, Lakeland Park, Macon, Ocala, Pensacola
    Bay, Rome, Savannah Bluff, Tallahassee, Valdosta, Wilmington Bay, Albany, Burlington, Concord, Danbury, Essex
    """
)
_NICKNAMES: tuple[str, ...] = _names(
    """
    Herons, Ironmen, Foxes, Anglers, Comets, Pioneers, Kestrels, Millers, Owls, Rivermen, Sentinels, Bison, Otters,
    Prospectors, Thunder, Wranglers, Lanterns, Mariners, Copperheads, Falcons, Badgers, Canaries, Drovers,
    Engineers, Ferrets, Gulls, Hornets, Jackrabbits, Keelers, Loggers, Mustangs, Nighthawks, Wrens, Pelicans,
    Quarrymen, Ravens, Stingrays, Tornadoes, Voyagers, Whippets, Yardbirds, Bluegills, Coyotes, Dragonflies, Elks,
    Fireflies, Grizzlies, Hawks, Islanders, Juggernauts, Kingfishers, Lumberjacks, Moose, Navigators, Outlaws,
    Pumas, Railsplitters, Sandpipers, Trolleys, Vultures, Woodpeckers, Armadillos, Barnstormers, Larks,
    Dust Devils, Egrets, Flyers, Gators, Harvesters, Icebreakers, Magpies, Knights, Lynx, Swordfish, Nomads,
    Ospreys, Pilots, Roadrunners, Steelheads, Timber Wolves, Vipers, Wildcats, Beacons, Crawdads, Gila Monsters,
    Eagles, Fishers, Grasshoppers, Hammerheads, Iguanas, Jetstreams, Kodiaks, Lightning, Mudcats, Nightjars, Orcas,
    Porcupines, Rattlers, Skyhawks, Tarpons, Vanguards, Wolves, Blue Crabs, Cyclones, Streetcars, Emus, Foresters,
    Goats, Hurricanes, Ibis, Jumpers, Kites, Locomotives, Mantas, Nuggets, Oaks, Pronghorns, Redwoods, Sea Lions,
    Tidewaters, Valkyries, Walleyes
    """
)
_PARK_WORDS: tuple[str, ...] = ("Field", "Park", "Stadium", "Ballpark", "Memorial Field", "Yards")

# Orgs ordered east to west, so each level's leagues (listed east first) take plausibly placed affiliates.
_ORG_ORDER: tuple[int, ...] = tuple(
    org.org_id for org in sorted(ORGANIZATIONS, key=lambda o: (-o.utc_offset, o.org_id))
)


def build_teams() -> list[Team]:
    """All clubs of the fake universe: one affiliate per organization and level, plus the 30 MLB clubs.

    The table is fixed (it does not depend on the season seed), so team ids and names stay stable between
    generated seasons.
    """
    teams: list[Team] = []
    team_id = 4001
    town_i = 0
    for sport_id in MINOR_SPORT_IDS:
        leagues = [league for league in LEAGUES if league.sport_id == sport_id]
        if sport_id == 16:
            assignment = _rookie_assignment(leagues)
        else:
            assignment = []
            order = list(_ORG_ORDER)
            for league in leagues:
                assignment += [(league, org_id) for org_id in order[: league.n_teams]]
                order = order[league.n_teams :]
        for league, org_id in assignment:
            org = ORGS_BY_ID[org_id]
            if sport_id == 16:
                location, club = league.abbreviation, org.club
                name = f"{league.abbreviation} {org.club}"
                venue_name = f"{org.club} {'Academy' if league.abbreviation == 'DSL' else 'Complex'}"
                offset = {"ACL": -7, "FCL": -4, "DSL": -4}[league.abbreviation]
            else:
                location = _TOWNS[town_i % len(_TOWNS)]
                club = _NICKNAMES[(town_i * 7) % len(_NICKNAMES)]
                name = f"{location} {club}"
                venue_name = f"{location} {_PARK_WORDS[town_i % len(_PARK_WORDS)]}"
                offset = org.utc_offset
                town_i += 1
            teams.append(
                Team(
                    team_id=team_id,
                    name=name,
                    location=location,
                    club=club,
                    abbreviation=(
                        league.abbreviation[0] + org.abbreviation if sport_id == 16 else _abbreviation(location, club)
                    ),
                    sport_id=sport_id,
                    league_id=league.league_id,
                    league_name=league.name,
                    org_id=org_id,
                    venue_id=team_id + 4000,
                    venue_name=venue_name,
                    utc_offset=offset,
                    first_year=1950 + (team_id * 37) % 70,
                )
            )
            team_id += 1
    for org in ORGANIZATIONS:
        teams.append(
            Team(
                team_id=org.org_id,
                name=org.name,
                location=org.location,
                club=org.club,
                abbreviation=org.abbreviation,
                sport_id=1,
                league_id=org.league_id,
                league_name=MLB_LEAGUES[org.league_id],
                org_id=org.org_id,
                venue_id=9000 + org.org_id,
                venue_name=f"{org.location} Ballpark",
                utc_offset=org.utc_offset,
                first_year=1901 + (org.org_id * 13) % 90,
            )
        )
    return teams


def _rookie_assignment(leagues: list[League]) -> list[tuple[League, int]]:
    """Complex-league clubs by spring-training site, then one Dominican Summer League club per org."""
    by_abbr = {league.abbreviation: league for league in leagues}
    out = [(by_abbr[org.spring], org.org_id) for org in ORGANIZATIONS]
    out += [(by_abbr["DSL"], org.org_id) for org in ORGANIZATIONS]
    return out


def _abbreviation(location: str, club: str) -> str:
    """Three letters: a one-word town's first three, else the town's initials and the club's."""
    words = location.split()
    if len(words) == 1:
        return location[:3].upper()
    return ("".join(word[0] for word in words) + club[0]).upper()[:3]


def find_organization(text: str | int | None) -> Organization | None:
    """The organization a tracked-players row names, by id, name, abbreviation or club name."""
    if text is None:
        return None
    key = str(text).strip().lower()
    if not key:
        return None
    for org in ORGANIZATIONS:
        if key in (str(org.org_id), org.name.lower(), org.abbreviation.lower(), org.club.lower()):
            return org
    for org in ORGANIZATIONS:
        if org.club.lower() in key:
            return org
    return None


def schedule_document(
    listings: Iterable[tuple[str, dict[str, Any]]], copyright_text: str = COPYRIGHT
) -> dict[str, Any]:
    """A schedule response: the (date, game) listings, in date order, under one entry per date with the API's counts."""
    dates: list[dict[str, Any]] = []
    for day, game in listings:
        if not dates or dates[-1]["date"] != day:
            dates.append(
                {
                    "date": day,
                    "totalItems": 0,
                    "totalEvents": 0,
                    "totalGames": 0,
                    "totalGamesInProgress": 0,
                    "games": [],
                    "events": [],
                }
            )
        entry = dates[-1]
        entry["games"].append(game)
        entry["totalItems"] += 1
        entry["totalGames"] += 1
        if game.get("status", {}).get("abstractGameState") == "Live":
            entry["totalGamesInProgress"] += 1
    total = sum(day["totalGames"] for day in dates)
    return {
        "copyright": copyright_text,
        "totalItems": total,
        "totalEvents": 0,
        "totalGames": total,
        "totalGamesInProgress": sum(day["totalGamesInProgress"] for day in dates),
        "dates": dates,
    }
