"""A believable, deterministic demo organisation: countries, names, departments, hierarchy.

Pure data: people are listed managers-first, each with the index of their manager,
so they can be registered level by level.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

# country: (given names, family names, locale, time zones, cities, languages, weight)
COUNTRIES: dict[str, tuple[list[str], list[str], str, list[str], list[str], list[str], int]] = {
    "DE": (
        ["Anna", "Lukas", "Jörg", "Jürgen", "Sören", "Lena", "Sophie", "Björn", "Käthe", "Max"],
        [
            "Müller",
            "Schröder",
            "Weiß",
            "Jäger",
            "Köhler",
            "Groß",
            "Schmidt",
            "Fischer",
            "Mueller",
            "Hoffmann",
            "Bäcker",
            "Meyer",
        ],
        "de-DE",
        ["Europe/Berlin"],
        ["Berlin", "München", "Hamburg", "Köln"],
        ["de", "en"],
        22,
    ),
    "US": (
        ["James", "Emily", "Michael", "Olivia", "David", "Ava", "Daniel", "Mia"],
        ["Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Wilson"],
        "en-US",
        ["America/New_York", "America/Chicago", "America/Los_Angeles"],
        ["New York", "Chicago", "San Francisco", "Austin"],
        ["en"],
        18,
    ),
    "IN": (
        ["Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Isha", "Arjun", "Diya"],
        ["Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair", "Menon", "Das"],
        "en-IN",
        ["Asia/Kolkata"],
        ["Bengaluru", "Pune", "Hyderabad"],
        ["en", "hi"],
        12,
    ),
    "FR": (
        ["Amélie", "François", "Chloé", "Léa", "Théo", "Zoë", "Jérôme", "Hélène"],
        ["Dubois", "Lefèvre", "Moreau", "Girard", "Lemaître", "Fournier", "Mercier"],
        "fr-FR",
        ["Europe/Paris"],
        ["Paris", "Lyon", "Toulouse"],
        ["fr", "en"],
        10,
    ),
    "GB": (
        ["Oliver", "Amelia", "Harry", "Isla", "George", "Freya"],
        ["Taylor", "Davies", "Evans", "Thomas", "Roberts", "Walker"],
        "en-GB",
        ["Europe/London"],
        ["London", "Manchester", "Edinburgh"],
        ["en"],
        8,
    ),
    "ES": (
        ["José", "María", "Lucía", "Martín", "Ángel", "Sofía"],
        ["García", "Fernández", "López", "Martínez", "Núñez", "Ibáñez"],
        "es-ES",
        ["Europe/Madrid"],
        ["Madrid", "Barcelona", "Sevilla"],
        ["es", "en"],
        6,
    ),
    "PL": (
        ["Łukasz", "Zofia", "Wojciech", "Małgorzata", "Paweł", "Agnieszka"],
        ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski"],
        "pl-PL",
        ["Europe/Warsaw"],
        ["Warszawa", "Kraków", "Wrocław"],
        ["pl", "en"],
        6,
    ),
    "SE": (
        ["Åsa", "Björn", "Ingrid", "Lars", "Märta", "Sven"],
        ["Andersson", "Johansson", "Lindqvist", "Öberg", "Ståhl", "Nyström"],
        "sv-SE",
        ["Europe/Stockholm"],
        ["Stockholm", "Göteborg", "Malmö"],
        ["sv", "en"],
        5,
    ),
    "BR": (
        ["João", "Ana", "Luís", "Beatriz", "Gonçalo", "Júlia"],
        ["Silva", "Santos", "Oliveira", "Conceição", "Araújo", "Gonçalves"],
        "pt-BR",
        ["America/Sao_Paulo"],
        ["São Paulo", "Rio de Janeiro"],
        ["pt", "en"],
        5,
    ),
    "JP": (
        ["Haruto", "Yui", "Sota", "Hina", "Ren", "Aoi"],
        ["Satō", "Suzuki", "Takahashi", "Tanaka", "Itō", "Watanabe"],
        "ja-JP",
        ["Asia/Tokyo"],
        ["Tokyo", "Osaka"],
        ["ja", "en"],
        4,
    ),
}

# department: (individual-contributor titles, skills, weight)
DEPARTMENTS: dict[str, tuple[list[str], list[str], int]] = {
    "Engineering": (
        ["Software Engineer", "Senior Software Engineer", "Site Reliability Engineer"],
        ["Python", "Go", "Kafka", "MongoDB", "Kubernetes", "TypeScript", "Rust"],
        30,
    ),
    "Sales": (["Account Executive", "Sales Engineer"], ["Negotiation", "CRM", "Forecasting"], 15),
    "Customer Success": (
        ["Customer Success Manager", "Support Engineer"],
        ["Onboarding", "Zendesk", "Training"],
        10,
    ),
    "Marketing": (["Marketing Manager", "Content Writer"], ["SEO", "Copywriting", "Events"], 8),
    "Product": (["Product Manager", "Product Analyst"], ["Roadmapping", "SQL", "Discovery"], 7),
    "Operations": (
        ["Operations Analyst", "Facilities Coordinator"],
        ["Logistics", "Excel", "Procurement"],
        8,
    ),
    "Finance": (["Financial Analyst", "Accountant"], ["IFRS", "Controlling", "Excel"], 6),
    "People": (["HR Business Partner", "Recruiter"], ["Recruiting", "Labour Law", "Coaching"], 5),
    "Legal": (["Legal Counsel"], ["Contracts", "GDPR", "Compliance"], 3),
    "Research": (["Research Scientist"], ["Statistics", "Machine Learning", "Python"], 5),
    "Design": (["Product Designer", "UX Researcher"], ["Figma", "Accessibility"], 3),
}
SPAN = 7  # direct reports per manager


@dataclass
class Person:
    """One employee of the demo organisation."""

    index: int
    given: str
    family: str
    country: str
    department: str
    manager: int | None
    level: int
    reports: int = 0
    skills: list[str] = field(default_factory=list)

    @property
    def user_name(self) -> str:
        """A unique, ASCII e-mail address."""
        return f"{_ascii(self.given)}.{_ascii(self.family)}.{self.index}@collab.example".lower()


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("Ł", "L"))
    return "".join(c for c in decomposed.replace("ł", "l") if c.isascii() and c.isalnum())


def organisation(size: int, seed: int = 7) -> list[Person]:
    """``size`` people: a CEO, a head per department, then teams of up to ``SPAN``."""
    rng = random.Random(seed)
    people = [_person(rng, 0, "Operations", None, 0)]
    openings: dict[str, list[int]] = {}
    for department in list(DEPARTMENTS)[: max(size - 1, 0)]:
        people.append(_person(rng, len(people), department, 0, 1))
        openings[department] = [len(people) - 1]
    names = list(openings)
    weights = [DEPARTMENTS[d][2] for d in names]
    while len(people) < size:
        department = rng.choices(names, weights)[0]
        queue = openings[department]
        manager = people[queue[0]]
        people.append(_person(rng, len(people), department, manager.index, manager.level + 1))
        manager.reports += 1
        if manager.reports >= SPAN:
            queue.pop(0)
        queue.append(len(people) - 1)
    return people


def _person(
    rng: random.Random, index: int, department: str, manager: int | None, level: int
) -> Person:
    country = rng.choices(list(COUNTRIES), [c[6] for c in COUNTRIES.values()])[0]
    given, family = rng.choice(COUNTRIES[country][0]), rng.choice(COUNTRIES[country][1])
    skills = rng.sample(DEPARTMENTS[department][1], k=min(3, len(DEPARTMENTS[department][1])))
    return Person(index, given, family, country, department, manager, level, skills=skills)


def title(person: Person) -> str:
    """Job title from the department and the place in the hierarchy."""
    if person.level == 0:
        return "Chief Executive Officer"
    if person.level == 1:
        return f"VP {person.department}"
    if person.reports:
        return f"{person.department} Manager"
    return random.Random(person.index).choice(DEPARTMENTS[person.department][0])


def scim_user(person: Person, manager_id: str | None) -> dict[str, object]:
    """The SCIM resource that provisions ``person``."""
    _, _, locale, zones, cities, _, _ = COUNTRIES[person.country]
    rng = random.Random(person.index)
    enterprise: dict[str, object] = {
        "employeeNumber": f"{100000 + person.index}",
        "department": person.department,
        "organization": "Collab Corp",
    }
    if manager_id:
        enterprise["manager"] = {"value": manager_id}
    return {
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        ],
        "userName": person.user_name,
        "externalId": f"hr-{person.index}",
        "name": {"givenName": person.given, "familyName": person.family},
        "displayName": f"{person.given} {person.family}",
        "title": title(person),
        "emails": [{"value": person.user_name, "type": "work", "primary": True}],
        "addresses": [{"type": "work", "locality": rng.choice(cities), "country": person.country}],
        "locale": locale,
        "timezone": rng.choice(zones),
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": enterprise,
    }


def profile_extras(person: Person) -> dict[str, object]:
    """Fields the employee fills in themselves (skills, languages, about)."""
    languages = COUNTRIES[person.country][5]
    return {
        "skills": person.skills,
        "languages": languages,
        "about": f"{title(person)} in {person.department}.",
    }
