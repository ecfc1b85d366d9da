"""Build ``rome_statute.json``, the Rome Statute crimes catalogue, from the tables.

Run ``python cases/catalogue/build_rome_statute.py`` after editing a table and commit
the JSON it writes: the JSON is what the data migration and ``load_catalogue`` read;
this script only saves typing the elements that repeat.

Every text here is a summary in the project's own words of an element of the ICC
*Elements of Crimes* (or, for modes of liability, of the Statute and the case law that
reads it). It is an index for charting evidence, not the law: users read the exact
wording in the official text. Element numbers follow the Elements of Crimes, so
``RS-7-1-f-2`` is element 2 of the crime against humanity of torture.

Where the Elements name no mental element, Article 30 applies (General Introduction,
para. 2). Such crimes get an extra mental element coded ``<crime>-A30``, without a
number, so a proof chart does not forget intent and knowledge.

Contextual elements carry a ``shared_key``: charges in one case that rely on the same
context show it once in the proof matrix. Objective context (the attack, the armed
conflict, the pattern of conduct) is shared across the whole case
(``shared_per: "case"``); what the perpetrator knew is shared only between charges
against the same suspect (``shared_per: "suspect"``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).with_name("rome_statute.json")

MATERIAL, MENTAL, CONTEXTUAL = "material", "mental", "contextual"

# --- contexts ------------------------------------------------------------------

GENOCIDE_CONTEXT = [
    (
        "The conduct took place in the context of a manifest pattern of similar "
        "conduct directed against that group, or was conduct that could itself bring "
        "about the group's destruction.",
        "RS-CTX-6-PATTERN",
        "case",
    ),
]
CAH_CONTEXT = [
    (
        "The conduct was committed as part of a widespread or systematic attack "
        "directed against a civilian population.",
        "RS-CTX-7-ATTACK",
        "case",
    ),
    (
        "The perpetrator knew that the conduct was part of such an attack, or intended "
        "it to be part of it.",
        "RS-CTX-7-KNOWLEDGE",
        "suspect",
    ),
]
IAC_CONTEXT = [
    (
        "The conduct took place in the context of, and was associated with, an "
        "international armed conflict.",
        "RS-CTX-8-IAC",
        "case",
    ),
    (
        "The perpetrator was aware of the factual circumstances that established the "
        "existence of an armed conflict.",
        "RS-CTX-8-IAC-AWARE",
        "suspect",
    ),
]
NIAC_CONTEXT = [
    (
        "The conduct took place in the context of, and was associated with, an armed "
        "conflict not of an international character.",
        "RS-CTX-8-NIAC",
        "case",
    ),
    (
        "The perpetrator was aware of the factual circumstances that established the "
        "existence of an armed conflict.",
        "RS-CTX-8-NIAC-AWARE",
        "suspect",
    ),
]
CONTEXTS = {
    "genocide": GENOCIDE_CONTEXT,
    "crime_against_humanity": CAH_CONTEXT,
    "war_crime_iac": IAC_CONTEXT,
    "war_crime_niac": NIAC_CONTEXT,
}

A30_TEXT = (
    "Article 30 applies: the perpetrator meant to engage in the conduct, meant to "
    "cause the consequence or knew it would occur in the ordinary course of events, "
    "and was aware of the circumstances named in the elements."
)

# --- repeated material and mental elements ---------------------------------------

GROUP = (
    MATERIAL,
    "The person or persons belonged to a particular national, ethnical, racial or "
    "religious group.",
)
GENOCIDAL_INTENT = (
    MENTAL,
    "The perpetrator intended to destroy that group, in whole or in part, as such.",
)
GC_PROTECTED = (
    MATERIAL,
    "The person or persons were protected under one or more of the Geneva "
    "Conventions of 1949.",
)
GC_PROTECTED_AWARE = (
    MENTAL,
    "The perpetrator was aware of the factual circumstances that established that "
    "protected status.",
)
CA3_STATUS = (
    MATERIAL,
    "The person or persons were hors de combat, or were civilians, medical personnel "
    "or religious personnel taking no active part in the hostilities.",
)
CA3_STATUS_AWARE = (
    MENTAL,
    "The perpetrator was aware of the factual circumstances that established this "
    "status.",
)
COERCION = (
    "by force, by threat of force or coercion (such as fear of violence, duress, "
    "detention, psychological oppression or abuse of power), by taking advantage of a "
    "coercive environment, or against a person incapable of giving genuine consent"
)
DEATH_OR_INJURY = (
    MATERIAL,
    "The conduct resulted in death or serious personal injury.",
)
DEATH_OR_INJURY_KNEW = (
    MENTAL,
    "The perpetrator knew that the conduct could result in death or serious personal "
    "injury.",
)


def rape():
    return [
        (
            MATERIAL,
            "The perpetrator invaded a person's body: conduct resulting in "
            "penetration, however slight, of any part of the victim's or the "
            "perpetrator's body with a sexual organ, or of the victim's anal or "
            "genital opening with any object or any other part of the body.",
        ),
        (MATERIAL, f"The invasion was committed {COERCION}."),
    ]


def sexual_slavery():
    return [
        (
            MATERIAL,
            "The perpetrator exercised any or all of the powers attaching to the "
            "right of ownership over one or more persons, such as buying, selling, "
            "lending or bartering them, or imposing a similar deprivation of liberty.",
        ),
        (
            MATERIAL,
            "The perpetrator caused that person or those persons to engage in one or "
            "more acts of a sexual nature.",
        ),
    ]


def enforced_prostitution():
    return [
        (
            MATERIAL,
            "The perpetrator caused one or more persons to engage in one or more acts "
            f"of a sexual nature {COERCION}.",
        ),
        (
            MATERIAL,
            "The perpetrator or another person obtained, or expected to obtain, money "
            "or another advantage in exchange for or in connection with those acts.",
        ),
    ]


def forced_pregnancy():
    return [
        (
            MATERIAL,
            "The perpetrator confined one or more women who had been forcibly made "
            "pregnant, with the intent of affecting the ethnic composition of a "
            "population or of carrying out other grave violations of international "
            "law.",
        ),
    ]


def enforced_sterilization():
    return [
        (
            MATERIAL,
            "The perpetrator deprived one or more persons of their biological "
            "capacity to reproduce.",
        ),
        (
            MATERIAL,
            "The conduct was neither justified by the medical or hospital treatment "
            "of the person concerned nor carried out with their genuine consent.",
        ),
    ]


def sexual_violence(gravity: str):
    return [
        (
            MATERIAL,
            "The perpetrator committed an act of a sexual nature against one or more "
            "persons, or caused them to engage in such an act, "
            f"{COERCION}.",
        ),
        (MATERIAL, f"The conduct was of a gravity comparable to {gravity}."),
        (
            MENTAL,
            "The perpetrator was aware of the factual circumstances that established "
            "the gravity of the conduct.",
        ),
    ]


FORCED_PREGNANCY_A30 = (
    "The perpetrator acted with the intent of affecting the ethnic composition of a "
    "population or of carrying out other grave violations of international law (the "
    "specific intent in element 1), and otherwise with intent and knowledge under "
    "Article 30."
)


def torture_war_crime():
    return [
        (
            MATERIAL,
            "The perpetrator inflicted severe physical or mental pain or suffering "
            "upon one or more persons.",
        ),
        (
            MENTAL,
            "The perpetrator inflicted it for a purpose such as obtaining information "
            "or a confession, punishment, intimidation or coercion, or for any reason "
            "based on discrimination of any kind.",
        ),
    ]


def attack_on(object_text: str, intent_text: str):
    return [
        (MATERIAL, "The perpetrator directed an attack."),
        (MATERIAL, f"The object of the attack was {object_text}."),
        (
            MENTAL,
            f"The perpetrator intended {intent_text} to be the object of the attack.",
        ),
    ]


def attack_on_mission():
    return [
        (MATERIAL, "The perpetrator directed an attack."),
        (
            MATERIAL,
            "The object of the attack was personnel, installations, material, units "
            "or vehicles involved in a humanitarian assistance or peacekeeping mission "
            "in accordance with the Charter of the United Nations.",
        ),
        (
            MENTAL,
            "The perpetrator intended those personnel, installations, material, units "
            "or vehicles to be the object of the attack.",
        ),
        (
            MATERIAL,
            "They were entitled to the protection given to civilians or civilian "
            "objects under the international law of armed conflict.",
        ),
        (
            MENTAL,
            "The perpetrator was aware of the factual circumstances that established "
            "that protection.",
        ),
    ]


def attack_on_protected_buildings():
    return attack_on(
        "one or more buildings dedicated to religion, education, art, science or "
        "charitable purposes, historic monuments, hospitals or places where the sick "
        "and wounded are collected, which were not military objectives",
        "those buildings",
    )


def attack_on_emblems():
    return [
        (
            MATERIAL,
            "The perpetrator attacked one or more persons, buildings, medical units "
            "or transports or other objects using, in conformity with international "
            "law, a distinctive emblem or other method of identification showing "
            "protection under the Geneva Conventions.",
        ),
        (
            MENTAL,
            "The perpetrator intended those persons or objects so identified to be "
            "the object of the attack.",
        ),
    ]


def pillage():
    return [
        (MATERIAL, "The perpetrator appropriated certain property."),
        (
            MENTAL,
            "The perpetrator intended to deprive the owner of the property and to "
            "appropriate it for private or personal use.",
        ),
        (MATERIAL, "The appropriation was without the consent of the owner."),
    ]


def mutilation(power_of: str):
    return [
        (
            MATERIAL,
            "The perpetrator subjected one or more persons to mutilation, in "
            "particular by permanently disfiguring them, or by permanently disabling "
            "or removing an organ or appendage.",
        ),
        (
            MATERIAL,
            "The conduct caused death or seriously endangered the physical or mental "
            "health of the person or persons.",
        ),
        (
            MATERIAL,
            "The conduct was neither justified by the medical, dental or hospital "
            "treatment of the person concerned nor carried out in their interest.",
        ),
        (MATERIAL, f"The person or persons were in the power of {power_of}."),
    ]


def experiments(power_of: str):
    return [
        (
            MATERIAL,
            "The perpetrator subjected one or more persons to a medical or scientific "
            "experiment.",
        ),
        (
            MATERIAL,
            "The experiment caused death or seriously endangered the physical or "
            "mental health or integrity of the person or persons.",
        ),
        (
            MATERIAL,
            "The conduct was neither justified by the medical, dental or hospital "
            "treatment of the person concerned nor carried out in their interest.",
        ),
        (MATERIAL, f"The person or persons were in the power of {power_of}."),
    ]


def treachery(victims: str):
    return [
        (
            MATERIAL,
            f"The perpetrator invited the confidence or belief of {victims} that they "
            "were entitled to, or obliged to accord, protection under the rules of "
            "international law applicable in armed conflict.",
        ),
        (MENTAL, "The perpetrator intended to betray that confidence or belief."),
        (MATERIAL, "The perpetrator killed or injured that person or those persons."),
        (
            MATERIAL,
            "The perpetrator used that confidence or belief in killing or injuring "
            "them.",
        ),
        (MATERIAL, "The person or persons belonged to an adverse party."),
    ]


def no_quarter():
    return [
        (
            MATERIAL,
            "The perpetrator declared or ordered that there shall be no survivors.",
        ),
        (
            MENTAL,
            "The declaration or order was given to threaten an adversary or to "
            "conduct hostilities on the basis that there shall be no survivors.",
        ),
        (
            MATERIAL,
            "The perpetrator was in a position of effective command or control over "
            "the subordinate forces to which the declaration or order was directed.",
        ),
    ]


def enemy_property(owner: str, justification: str):
    return [
        (MATERIAL, "The perpetrator destroyed or seized certain property."),
        (MATERIAL, f"The property belonged to {owner}."),
        (
            MATERIAL,
            "The property was protected from that destruction or seizure under the "
            "international law of armed conflict.",
        ),
        (
            MENTAL,
            "The perpetrator was aware of the factual circumstances that established "
            "the status of the property.",
        ),
        (MATERIAL, f"The destruction or seizure was not {justification}."),
    ]


def hostages():
    return [
        (
            MATERIAL,
            "The perpetrator seized, detained or otherwise held hostage one or more "
            "persons.",
        ),
        (
            MATERIAL,
            "The perpetrator threatened to kill, injure or continue to detain them.",
        ),
        (
            MENTAL,
            "The perpetrator intended to compel a State, an international "
            "organisation, a natural or legal person or a group of persons to act or "
            "refrain from acting as an explicit or implicit condition of their safety "
            "or release.",
        ),
    ]


def outrages(extra: list):
    return [
        (
            MATERIAL,
            "The perpetrator humiliated, degraded or otherwise violated the dignity "
            "of one or more persons.",
        ),
        (
            MATERIAL,
            "The humiliation, degradation or violation was so severe as to be "
            "generally recognised as an outrage upon personal dignity.",
        ),
        *extra,
    ]


def children(force: str):
    return [
        (
            MATERIAL,
            "The perpetrator conscripted or enlisted one or more persons into "
            f"{force}, or used one or more persons to participate actively in "
            "hostilities.",
        ),
        (MATERIAL, "The person or persons were under the age of 15 years."),
        (
            MENTAL,
            "The perpetrator knew, or should have known, that they were under 15.",
        ),
    ]


def starvation():
    return [
        (
            MATERIAL,
            "The perpetrator deprived civilians of objects indispensable to their "
            "survival.",
        ),
        (
            MENTAL,
            "The perpetrator intended to starve civilians as a method of warfare.",
        ),
    ]


def poison():
    return [
        (
            MATERIAL,
            "The perpetrator employed a substance, or a weapon that releases a "
            "substance as a result of its use.",
        ),
        (
            MATERIAL,
            "The substance, in the ordinary course of events, causes death or serious "
            "damage to health through its toxic properties.",
        ),
    ]


def gases():
    return [
        (
            MATERIAL,
            "The perpetrator employed a gas or other analogous substance or device.",
        ),
        (
            MATERIAL,
            "The gas, substance or device, in the ordinary course of events, causes "
            "death or serious damage to health through its asphyxiating or toxic "
            "properties.",
        ),
    ]


def bullets():
    return [
        (MATERIAL, "The perpetrator employed certain bullets."),
        (
            MATERIAL,
            "Their use violates the international law of armed conflict because they "
            "expand or flatten easily in the human body.",
        ),
        (
            MENTAL,
            "The perpetrator was aware that the nature of the bullets was such that "
            "their use would uselessly aggravate suffering or the wounding effect.",
        ),
    ]


def biological():
    return [
        (
            MATERIAL,
            "The perpetrator employed a weapon that uses microbial or other biological "
            "agents, or toxins, whatever their origin or method of production.",
        ),
    ]


def fragments():
    return [
        (
            MATERIAL,
            "The perpetrator employed a weapon whose primary effect is to injure by "
            "fragments which in the human body escape detection by X-rays.",
        ),
    ]


def blinding_lasers():
    return [
        (
            MATERIAL,
            "The perpetrator employed laser weapons specifically designed, as their "
            "sole combat function or one of them, to cause permanent blindness to "
            "unenhanced vision.",
        ),
    ]


KILLED = (MATERIAL, "The perpetrator killed one or more persons.")
SEVERE_PAIN = (
    MATERIAL,
    "The perpetrator inflicted severe physical or mental pain or suffering upon one "
    "or more persons.",
)

# --- the crimes ------------------------------------------------------------------
# (code suffix, article, title, context, elements[, note][, a30 text])

GENOCIDE = [
    (
        "6-a",
        "6(a)",
        "Genocide by killing",
        [KILLED, GROUP, GENOCIDAL_INTENT],
    ),
    (
        "6-b",
        "6(b)",
        "Genocide by causing serious bodily or mental harm",
        [
            (
                MATERIAL,
                "The perpetrator caused serious bodily or mental harm to one or more "
                "persons (for example by torture, rape, sexual violence or inhuman or "
                "degrading treatment).",
            ),
            GROUP,
            GENOCIDAL_INTENT,
        ],
    ),
    (
        "6-c",
        "6(c)",
        "Genocide by deliberately inflicting conditions of life calculated to bring "
        "about physical destruction",
        [
            (
                MATERIAL,
                "The perpetrator inflicted certain conditions of life upon one or "
                "more persons (for example deliberately withholding food or medical "
                "services, or systematic expulsion from homes).",
            ),
            GROUP,
            GENOCIDAL_INTENT,
            (
                MATERIAL,
                "The conditions of life were calculated to bring about the physical "
                "destruction of that group, in whole or in part.",
            ),
        ],
    ),
    (
        "6-d",
        "6(d)",
        "Genocide by imposing measures intended to prevent births",
        [
            (
                MATERIAL,
                "The perpetrator imposed certain measures upon one or more persons.",
            ),
            GROUP,
            GENOCIDAL_INTENT,
            (MENTAL, "The measures were intended to prevent births within that group."),
        ],
    ),
    (
        "6-e",
        "6(e)",
        "Genocide by forcibly transferring children",
        [
            (
                MATERIAL,
                "The perpetrator forcibly transferred one or more persons (force "
                "includes threats, coercion and taking advantage of a coercive "
                "environment).",
            ),
            GROUP,
            GENOCIDAL_INTENT,
            (MATERIAL, "The transfer was from that group to another group."),
            (MATERIAL, "The person or persons were under the age of 18 years."),
            (
                MENTAL,
                "The perpetrator knew, or should have known, that they were under 18.",
            ),
        ],
    ),
]

CAH = [
    ("7-1-a", "7(1)(a)", "Murder", [KILLED]),
    (
        "7-1-b",
        "7(1)(b)",
        "Extermination",
        [
            (
                MATERIAL,
                "The perpetrator killed one or more persons, including by inflicting "
                "conditions of life calculated to bring about the destruction of part "
                "of a population.",
            ),
            (
                MATERIAL,
                "The conduct was, or took place as part of, a mass killing of members "
                "of a civilian population.",
            ),
        ],
    ),
    (
        "7-1-c",
        "7(1)(c)",
        "Enslavement",
        [
            (
                MATERIAL,
                "The perpetrator exercised any or all of the powers attaching to the "
                "right of ownership over one or more persons, such as buying, "
                "selling, lending or bartering them, or imposing a similar "
                "deprivation of liberty.",
            ),
        ],
    ),
    (
        "7-1-d",
        "7(1)(d)",
        "Deportation or forcible transfer of population",
        [
            (
                MATERIAL,
                "The perpetrator deported or forcibly transferred one or more persons "
                "to another State or location, by expulsion or other coercive acts, "
                "without grounds permitted under international law.",
            ),
            (
                MATERIAL,
                "The person or persons were lawfully present in the area from which "
                "they were removed.",
            ),
            (
                MENTAL,
                "The perpetrator was aware of the factual circumstances that "
                "established the lawfulness of that presence.",
            ),
        ],
    ),
    (
        "7-1-e",
        "7(1)(e)",
        "Imprisonment or other severe deprivation of physical liberty",
        [
            (
                MATERIAL,
                "The perpetrator imprisoned one or more persons or otherwise severely "
                "deprived them of physical liberty.",
            ),
            (
                MATERIAL,
                "The conduct was so grave as to violate fundamental rules of "
                "international law.",
            ),
            (
                MENTAL,
                "The perpetrator was aware of the factual circumstances that "
                "established that gravity.",
            ),
        ],
    ),
    (
        "7-1-f",
        "7(1)(f)",
        "Torture",
        [
            SEVERE_PAIN,
            (
                MATERIAL,
                "The person or persons were in the custody or under the control of "
                "the perpetrator.",
            ),
            (
                MATERIAL,
                "The pain or suffering did not arise only from, and was not inherent "
                "in or incidental to, lawful sanctions.",
            ),
        ],
        "No specific purpose is required for torture as a crime against humanity.",
    ),
    ("7-1-g-1", "7(1)(g)-1", "Rape", rape()),
    ("7-1-g-2", "7(1)(g)-2", "Sexual slavery", sexual_slavery()),
    ("7-1-g-3", "7(1)(g)-3", "Enforced prostitution", enforced_prostitution()),
    (
        "7-1-g-4",
        "7(1)(g)-4",
        "Forced pregnancy",
        forced_pregnancy(),
        "",
        FORCED_PREGNANCY_A30,
    ),
    ("7-1-g-5", "7(1)(g)-5", "Enforced sterilization", enforced_sterilization()),
    (
        "7-1-g-6",
        "7(1)(g)-6",
        "Sexual violence",
        sexual_violence("the other offences in article 7(1)(g)"),
    ),
    (
        "7-1-h",
        "7(1)(h)",
        "Persecution",
        [
            (
                MATERIAL,
                "The perpetrator severely deprived one or more persons of fundamental "
                "rights, contrary to international law.",
            ),
            (
                MENTAL,
                "The perpetrator targeted those persons because of the identity of a "
                "group or collectivity, or targeted the group or collectivity as such.",
            ),
            (
                MATERIAL,
                "The targeting was on political, racial, national, ethnic, cultural, "
                "religious or gender grounds, or other grounds universally recognised "
                "as impermissible under international law.",
            ),
            (
                MATERIAL,
                "The conduct was committed in connection with an act referred to in "
                "article 7(1) or with another crime within the Court's jurisdiction.",
            ),
        ],
    ),
    (
        "7-1-i",
        "7(1)(i)",
        "Enforced disappearance of persons",
        [
            (
                MATERIAL,
                "The perpetrator arrested, detained or abducted one or more persons, "
                "or refused to acknowledge such a deprivation of freedom or to give "
                "information on their fate or whereabouts.",
            ),
            (
                MATERIAL,
                "The arrest, detention or abduction was followed or accompanied by "
                "such a refusal, or the refusal was preceded or accompanied by that "
                "deprivation of freedom.",
            ),
            (
                MENTAL,
                "The perpetrator was aware that the deprivation of freedom would, in "
                "the ordinary course of events, be followed by such a refusal, or "
                "that the refusal was preceded or accompanied by it.",
            ),
            (
                MATERIAL,
                "The arrest, detention or abduction was carried out by, or with the "
                "authorisation, support or acquiescence of, a State or political "
                "organisation.",
            ),
            (
                MATERIAL,
                "The refusal was carried out by, or with the authorisation or support "
                "of, that State or political organisation.",
            ),
            (
                MENTAL,
                "The perpetrator intended to remove the person or persons from the "
                "protection of the law for a prolonged period of time.",
            ),
        ],
    ),
    (
        "7-1-j",
        "7(1)(j)",
        "Apartheid",
        [
            (
                MATERIAL,
                "The perpetrator committed an inhumane act against one or more "
                "persons.",
            ),
            (
                MATERIAL,
                "The act was one referred to in article 7(1), or was of a similar "
                "character.",
            ),
            (
                MENTAL,
                "The perpetrator was aware of the factual circumstances that "
                "established the character of the act.",
            ),
            (
                MATERIAL,
                "The conduct was committed in the context of an institutionalised "
                "regime of systematic oppression and domination by one racial group "
                "over one or more other racial groups.",
            ),
            (
                MENTAL,
                "The perpetrator intended to maintain that regime by the conduct.",
            ),
        ],
    ),
    (
        "7-1-k",
        "7(1)(k)",
        "Other inhumane acts",
        [
            (
                MATERIAL,
                "The perpetrator inflicted great suffering, or serious injury to body "
                "or to mental or physical health, by means of an inhumane act.",
            ),
            (
                MATERIAL,
                "The act was of a character similar to another act referred to in "
                "article 7(1).",
            ),
            (
                MENTAL,
                "The perpetrator was aware of the factual circumstances that "
                "established the character of the act.",
            ),
        ],
    ),
]

GRAVE_BREACHES = [
    ("8-2-a-i", "8(2)(a)(i)", "Wilful killing", [KILLED]),
    ("8-2-a-ii-1", "8(2)(a)(ii)-1", "Torture", torture_war_crime()),
    ("8-2-a-ii-2", "8(2)(a)(ii)-2", "Inhuman treatment", [SEVERE_PAIN]),
    (
        "8-2-a-ii-3",
        "8(2)(a)(ii)-3",
        "Biological experiments",
        [
            (
                MATERIAL,
                "The perpetrator subjected one or more persons to a particular "
                "biological experiment.",
            ),
            (
                MATERIAL,
                "The experiment seriously endangered the physical or mental health "
                "or integrity of the person or persons.",
            ),
            (
                MATERIAL,
                "The experiment was non-therapeutic: neither justified by medical "
                "reasons nor carried out in the person's interest.",
            ),
        ],
    ),
    (
        "8-2-a-iii",
        "8(2)(a)(iii)",
        "Wilfully causing great suffering",
        [
            (
                MATERIAL,
                "The perpetrator caused great physical or mental pain or suffering "
                "to, or serious injury to the body or health of, one or more persons.",
            ),
        ],
    ),
    (
        "8-2-a-iv",
        "8(2)(a)(iv)",
        "Destruction and appropriation of property",
        [
            (MATERIAL, "The perpetrator destroyed or appropriated certain property."),
            (
                MATERIAL,
                "The destruction or appropriation was not justified by military "
                "necessity.",
            ),
            (
                MATERIAL,
                "The destruction or appropriation was extensive and carried out "
                "wantonly.",
            ),
            (
                MATERIAL,
                "The property was protected under one or more of the Geneva "
                "Conventions of 1949.",
            ),
            (
                MENTAL,
                "The perpetrator was aware of the factual circumstances that "
                "established that protected status.",
            ),
        ],
        "",
        "",
        False,
    ),
    (
        "8-2-a-v",
        "8(2)(a)(v)",
        "Compelling service in hostile forces",
        [
            (
                MATERIAL,
                "The perpetrator coerced one or more persons, by act or threat, to "
                "take part in military operations against their own country or "
                "forces, or otherwise to serve in the forces of a hostile power.",
            ),
        ],
    ),
    (
        "8-2-a-vi",
        "8(2)(a)(vi)",
        "Denying a fair trial",
        [
            (
                MATERIAL,
                "The perpetrator deprived one or more persons of a fair and regular "
                "trial by denying them judicial guarantees, in particular those of the "
                "third and fourth Geneva Conventions of 1949.",
            ),
        ],
    ),
    (
        "8-2-a-vii-1",
        "8(2)(a)(vii)-1",
        "Unlawful deportation and transfer",
        [
            (
                MATERIAL,
                "The perpetrator deported or transferred one or more persons to "
                "another State or to another location.",
            ),
        ],
    ),
    (
        "8-2-a-vii-2",
        "8(2)(a)(vii)-2",
        "Unlawful confinement",
        [
            (
                MATERIAL,
                "The perpetrator confined, or continued to confine, one or more "
                "persons to a certain location.",
            ),
        ],
    ),
    (
        "8-2-a-viii",
        "8(2)(a)(viii)",
        "Taking hostages",
        hostages(),
    ),
]


def improper_use(used: str, manner: str, knew: str):
    return [
        (MATERIAL, f"The perpetrator used {used}."),
        (MATERIAL, f"The perpetrator made that use {manner}."),
        (MENTAL, f"The perpetrator {knew} of the prohibited nature of that use."),
        DEATH_OR_INJURY,
        DEATH_OR_INJURY_KNEW,
    ]


IAC_OTHER = [
    (
        "8-2-b-i",
        "8(2)(b)(i)",
        "Attacking civilians",
        attack_on(
            "a civilian population as such, or individual civilians not taking direct "
            "part in hostilities",
            "that civilian population or those civilians",
        ),
    ),
    (
        "8-2-b-ii",
        "8(2)(b)(ii)",
        "Attacking civilian objects",
        attack_on(
            "civilian objects, that is, objects which are not military objectives",
            "those civilian objects",
        ),
    ),
    (
        "8-2-b-iii",
        "8(2)(b)(iii)",
        "Attacking personnel or objects involved in a humanitarian assistance or "
        "peacekeeping mission",
        attack_on_mission(),
    ),
    (
        "8-2-b-iv",
        "8(2)(b)(iv)",
        "Excessive incidental death, injury or damage",
        [
            (MATERIAL, "The perpetrator launched an attack."),
            (
                MATERIAL,
                "The attack would cause incidental death or injury to civilians, "
                "damage to civilian objects, or widespread, long-term and severe "
                "damage to the natural environment, clearly excessive in relation to "
                "the concrete and direct overall military advantage anticipated.",
            ),
            (
                MENTAL,
                "The perpetrator knew that the attack would cause such incidental "
                "death, injury or damage, and that it would be clearly excessive.",
            ),
        ],
    ),
    (
        "8-2-b-v",
        "8(2)(b)(v)",
        "Attacking undefended places",
        [
            (
                MATERIAL,
                "The perpetrator attacked one or more towns, villages, dwellings or "
                "buildings.",
            ),
            (MATERIAL, "They were open for unresisted occupation."),
            (MATERIAL, "They did not constitute military objectives."),
        ],
    ),
    (
        "8-2-b-vi",
        "8(2)(b)(vi)",
        "Killing or wounding a person hors de combat",
        [
            (MATERIAL, "The perpetrator killed or injured one or more persons."),
            (MATERIAL, "The person or persons were hors de combat."),
            (
                MENTAL,
                "The perpetrator was aware of the factual circumstances that "
                "established this status.",
            ),
        ],
    ),
    (
        "8-2-b-vii-1",
        "8(2)(b)(vii)-1",
        "Improper use of a flag of truce",
        improper_use(
            "a flag of truce",
            "to feign an intention to negotiate when there was no such intention",
            "knew or should have known",
        ),
    ),
    (
        "8-2-b-vii-2",
        "8(2)(b)(vii)-2",
        "Improper use of a flag, insignia or uniform of the hostile party",
        improper_use(
            "a flag, insignia or uniform of the hostile party",
            "while engaged in an attack, in a manner prohibited under the "
            "international law of armed conflict",
            "knew or should have known",
        ),
    ),
    (
        "8-2-b-vii-3",
        "8(2)(b)(vii)-3",
        "Improper use of a flag, insignia or uniform of the United Nations",
        improper_use(
            "a flag, insignia or uniform of the United Nations",
            "in a manner prohibited under the international law of armed conflict",
            "knew",
        ),
    ),
    (
        "8-2-b-vii-4",
        "8(2)(b)(vii)-4",
        "Improper use of the distinctive emblems of the Geneva Conventions",
        improper_use(
            "the distinctive emblems of the Geneva Conventions",
            "for combatant purposes, in a manner prohibited under the international "
            "law of armed conflict",
            "knew or should have known",
        ),
    ),
    (
        "8-2-b-viii",
        "8(2)(b)(viii)",
        "Transfer by an occupying power of parts of its own civilian population into "
        "occupied territory, or deportation or transfer of the population of occupied "
        "territory",
        [
            (
                MATERIAL,
                "The perpetrator transferred, directly or indirectly, parts of its own "
                "population into the territory it occupies; or deported or "
                "transferred all or parts of the population of the occupied territory "
                "within or outside that territory.",
            ),
        ],
    ),
    (
        "8-2-b-ix",
        "8(2)(b)(ix)",
        "Attacking protected objects",
        attack_on_protected_buildings(),
    ),
    (
        "8-2-b-x-1",
        "8(2)(b)(x)-1",
        "Mutilation",
        mutilation("an adverse party"),
    ),
    (
        "8-2-b-x-2",
        "8(2)(b)(x)-2",
        "Medical or scientific experiments",
        experiments("an adverse party"),
    ),
    (
        "8-2-b-xi",
        "8(2)(b)(xi)",
        "Treacherously killing or wounding",
        treachery("one or more persons"),
    ),
    ("8-2-b-xii", "8(2)(b)(xii)", "Denying quarter", no_quarter()),
    (
        "8-2-b-xiii",
        "8(2)(b)(xiii)",
        "Destroying or seizing the enemy's property",
        enemy_property("a hostile party", "justified by military necessity"),
    ),
    (
        "8-2-b-xiv",
        "8(2)(b)(xiv)",
        "Depriving the nationals of the hostile power of rights or actions",
        [
            (
                MATERIAL,
                "The perpetrator brought about the abolition, suspension or "
                "termination of admissibility in a court of law of certain rights or "
                "actions.",
            ),
            (
                MATERIAL,
                "The abolition, suspension or termination was directed at the "
                "nationals of a hostile party.",
            ),
            (
                MENTAL,
                "The perpetrator intended it to be directed at the nationals of a "
                "hostile party.",
            ),
        ],
    ),
    (
        "8-2-b-xv",
        "8(2)(b)(xv)",
        "Compelling participation in military operations",
        [
            (
                MATERIAL,
                "The perpetrator coerced one or more persons, by act or threat, to "
                "take part in military operations against their own country or "
                "forces.",
            ),
            (MATERIAL, "The person or persons were nationals of a hostile party."),
        ],
    ),
    ("8-2-b-xvi", "8(2)(b)(xvi)", "Pillaging", pillage()),
    ("8-2-b-xvii", "8(2)(b)(xvii)", "Employing poison or poisoned weapons", poison()),
    (
        "8-2-b-xviii",
        "8(2)(b)(xviii)",
        "Employing prohibited gases, liquids, materials or devices",
        gases(),
    ),
    ("8-2-b-xix", "8(2)(b)(xix)", "Employing prohibited bullets", bullets()),
    (
        "8-2-b-xx",
        "8(2)(b)(xx)",
        "Employing weapons, projectiles, materials or methods of warfare listed in the "
        "Annex to the Statute",
        [
            (
                MATERIAL,
                "The perpetrator employed a weapon, projectile, material or method of "
                "warfare of a nature to cause superfluous injury or unnecessary "
                "suffering, or inherently indiscriminate, that is listed in an annex "
                "to the Statute.",
            ),
        ],
        "Provisional: no annex has been adopted and the Elements of Crimes do not yet "
        "set out elements for this crime.",
    ),
    (
        "8-2-b-xxi",
        "8(2)(b)(xxi)",
        "Outrages upon personal dignity",
        outrages([]),
        "The victims may include dead persons.",
    ),
    ("8-2-b-xxii-1", "8(2)(b)(xxii)-1", "Rape", rape()),
    ("8-2-b-xxii-2", "8(2)(b)(xxii)-2", "Sexual slavery", sexual_slavery()),
    (
        "8-2-b-xxii-3",
        "8(2)(b)(xxii)-3",
        "Enforced prostitution",
        enforced_prostitution(),
    ),
    (
        "8-2-b-xxii-4",
        "8(2)(b)(xxii)-4",
        "Forced pregnancy",
        forced_pregnancy(),
        "",
        FORCED_PREGNANCY_A30,
    ),
    (
        "8-2-b-xxii-5",
        "8(2)(b)(xxii)-5",
        "Enforced sterilization",
        enforced_sterilization(),
    ),
    (
        "8-2-b-xxii-6",
        "8(2)(b)(xxii)-6",
        "Sexual violence",
        sexual_violence("a grave breach of the Geneva Conventions"),
    ),
    (
        "8-2-b-xxiii",
        "8(2)(b)(xxiii)",
        "Using protected persons as shields",
        [
            (
                MATERIAL,
                "The perpetrator moved, or otherwise took advantage of the location "
                "of, one or more civilians or other persons protected under the "
                "international law of armed conflict.",
            ),
            (
                MENTAL,
                "The perpetrator intended to shield a military objective from attack, "
                "or to shield, favour or impede military operations.",
            ),
        ],
    ),
    (
        "8-2-b-xxiv",
        "8(2)(b)(xxiv)",
        "Attacking objects or persons using the distinctive emblems of the Geneva "
        "Conventions",
        attack_on_emblems(),
    ),
    ("8-2-b-xxv", "8(2)(b)(xxv)", "Starvation as a method of warfare", starvation()),
    (
        "8-2-b-xxvi",
        "8(2)(b)(xxvi)",
        "Using, conscripting or enlisting children",
        children("the national armed forces"),
    ),
    (
        "8-2-b-xxvii",
        "8(2)(b)(xxvii)",
        "Employing weapons which use microbial, biological or toxin agents",
        biological(),
        "Amendment adopted in 2017; binds only the States that accepted it.",
    ),
    (
        "8-2-b-xxviii",
        "8(2)(b)(xxviii)",
        "Employing weapons which injure by fragments undetectable by X-rays",
        fragments(),
        "Amendment adopted in 2017; binds only the States that accepted it.",
    ),
    (
        "8-2-b-xxix",
        "8(2)(b)(xxix)",
        "Employing laser blinding weapons",
        blinding_lasers(),
        "Amendment adopted in 2017; binds only the States that accepted it.",
    ),
]

COMMON_ARTICLE_3 = [
    ("8-2-c-i-1", "8(2)(c)(i)-1", "Murder", [KILLED]),
    (
        "8-2-c-i-2",
        "8(2)(c)(i)-2",
        "Mutilation",
        [
            (
                MATERIAL,
                "The perpetrator mutilated one or more persons, in particular by "
                "permanently disfiguring them, or by permanently disabling or "
                "removing an organ or appendage.",
            ),
            (
                MATERIAL,
                "The conduct was neither justified by the medical, dental or hospital "
                "treatment of the person concerned nor carried out in their interest.",
            ),
        ],
    ),
    ("8-2-c-i-3", "8(2)(c)(i)-3", "Cruel treatment", [SEVERE_PAIN]),
    ("8-2-c-i-4", "8(2)(c)(i)-4", "Torture", torture_war_crime()),
    (
        "8-2-c-ii",
        "8(2)(c)(ii)",
        "Outrages upon personal dignity",
        outrages([]),
        "The victims may include dead persons.",
    ),
    ("8-2-c-iii", "8(2)(c)(iii)", "Taking hostages", hostages()),
    (
        "8-2-c-iv",
        "8(2)(c)(iv)",
        "Sentencing or execution without due process",
        [
            (
                MATERIAL,
                "The perpetrator passed sentence upon, or executed, one or more "
                "persons.",
            ),
            CA3_STATUS,
            CA3_STATUS_AWARE,
            (
                MATERIAL,
                "No court had previously given judgement; or the court was not "
                "regularly constituted, lacking the essential guarantees of "
                "independence and impartiality; or it denied other judicial guarantees "
                "generally recognised as indispensable under international law.",
            ),
            (
                MENTAL,
                "The perpetrator was aware of the absence of a previous judgement or "
                "of the denial of those guarantees, and that they are essential or "
                "indispensable to a fair trial.",
            ),
        ],
        "",
        "",
        False,
    ),
]

NIAC_OTHER = [
    (
        "8-2-e-i",
        "8(2)(e)(i)",
        "Attacking civilians",
        attack_on(
            "a civilian population as such, or individual civilians not taking direct "
            "part in hostilities",
            "that civilian population or those civilians",
        ),
    ),
    (
        "8-2-e-ii",
        "8(2)(e)(ii)",
        "Attacking objects or persons using the distinctive emblems of the Geneva "
        "Conventions",
        attack_on_emblems(),
    ),
    (
        "8-2-e-iii",
        "8(2)(e)(iii)",
        "Attacking personnel or objects involved in a humanitarian assistance or "
        "peacekeeping mission",
        attack_on_mission(),
    ),
    (
        "8-2-e-iv",
        "8(2)(e)(iv)",
        "Attacking protected objects",
        attack_on_protected_buildings(),
    ),
    ("8-2-e-v", "8(2)(e)(v)", "Pillaging", pillage()),
    ("8-2-e-vi-1", "8(2)(e)(vi)-1", "Rape", rape()),
    ("8-2-e-vi-2", "8(2)(e)(vi)-2", "Sexual slavery", sexual_slavery()),
    ("8-2-e-vi-3", "8(2)(e)(vi)-3", "Enforced prostitution", enforced_prostitution()),
    (
        "8-2-e-vi-4",
        "8(2)(e)(vi)-4",
        "Forced pregnancy",
        forced_pregnancy(),
        "",
        FORCED_PREGNANCY_A30,
    ),
    ("8-2-e-vi-5", "8(2)(e)(vi)-5", "Enforced sterilization", enforced_sterilization()),
    (
        "8-2-e-vi-6",
        "8(2)(e)(vi)-6",
        "Sexual violence",
        sexual_violence(
            "a serious violation of article 3 common to the four Geneva Conventions"
        ),
    ),
    (
        "8-2-e-vii",
        "8(2)(e)(vii)",
        "Using, conscripting or enlisting children",
        children("an armed force or group"),
    ),
    (
        "8-2-e-viii",
        "8(2)(e)(viii)",
        "Displacing civilians",
        [
            (
                MATERIAL,
                "The perpetrator ordered a displacement of a civilian population.",
            ),
            (
                MATERIAL,
                "The order was justified neither by the security of the civilians "
                "involved nor by imperative military reasons.",
            ),
            (
                MATERIAL,
                "The perpetrator was in a position to bring about the displacement by "
                "giving the order.",
            ),
        ],
    ),
    (
        "8-2-e-ix",
        "8(2)(e)(ix)",
        "Treacherously killing or wounding",
        treachery("one or more combatant adversaries"),
    ),
    ("8-2-e-x", "8(2)(e)(x)", "Denying quarter", no_quarter()),
    (
        "8-2-e-xi-1",
        "8(2)(e)(xi)-1",
        "Mutilation",
        mutilation("another party to the conflict"),
    ),
    (
        "8-2-e-xi-2",
        "8(2)(e)(xi)-2",
        "Medical or scientific experiments",
        experiments("another party to the conflict"),
    ),
    (
        "8-2-e-xii",
        "8(2)(e)(xii)",
        "Destroying or seizing the enemy's property",
        enemy_property("an adversary", "required by military necessity"),
    ),
    (
        "8-2-e-xiii",
        "8(2)(e)(xiii)",
        "Employing poison or poisoned weapons",
        poison(),
        "Amendment adopted at Kampala in 2010.",
    ),
    (
        "8-2-e-xiv",
        "8(2)(e)(xiv)",
        "Employing prohibited gases, liquids, materials or devices",
        gases(),
        "Amendment adopted at Kampala in 2010.",
    ),
    (
        "8-2-e-xv",
        "8(2)(e)(xv)",
        "Employing prohibited bullets",
        bullets(),
        "Amendment adopted at Kampala in 2010.",
    ),
    (
        "8-2-e-xvi",
        "8(2)(e)(xvi)",
        "Employing weapons which use microbial, biological or toxin agents",
        biological(),
        "Amendment adopted in 2017; binds only the States that accepted it.",
    ),
    (
        "8-2-e-xvii",
        "8(2)(e)(xvii)",
        "Employing weapons which injure by fragments undetectable by X-rays",
        fragments(),
        "Amendment adopted in 2017; binds only the States that accepted it.",
    ),
    (
        "8-2-e-xviii",
        "8(2)(e)(xviii)",
        "Employing laser blinding weapons",
        blinding_lasers(),
        "Amendment adopted in 2017; binds only the States that accepted it.",
    ),
    (
        "8-2-e-xix",
        "8(2)(e)(xix)",
        "Starvation as a method of warfare",
        starvation(),
        "Amendment adopted in 2019; binds only the States that accepted it.",
    ),
]

# Which victim-status elements follow each war crime's own elements.
GRAVE_BREACH_STATUS = [GC_PROTECTED, GC_PROTECTED_AWARE]
COMMON_ARTICLE_3_STATUS = [CA3_STATUS, CA3_STATUS_AWARE]

# --- modes of liability ------------------------------------------------------------

MODES = [
    (
        "25-3-a-DIR",
        "25(3)(a)",
        "Commission: direct perpetration",
        "Committing the crime in person.",
        [
            (
                MATERIAL,
                "The person physically carried out the material elements of the crime.",
            ),
            (
                MENTAL,
                "The person did so with the mental elements the crime requires.",
            ),
        ],
    ),
    (
        "25-3-a-JNT",
        "25(3)(a)",
        "Commission: joint perpetration (co-perpetration)",
        "Committing the crime jointly with others, each sharing control over it.",
        [
            (
                MATERIAL,
                "There was an agreement or common plan between the person and at "
                "least one other, which included an element of criminality.",
            ),
            (
                MATERIAL,
                "The person made an essential contribution, coordinated with the "
                "others', that resulted in the material elements of the crime.",
            ),
            (MENTAL, "The person met the mental elements of the crime."),
            (
                MENTAL,
                "The co-perpetrators were all aware, and accepted, that carrying out "
                "the plan would result in the material elements of the crime.",
            ),
            (
                MENTAL,
                "The person was aware of the factual circumstances that gave them "
                "joint control over the crime.",
            ),
        ],
    ),
    (
        "25-3-a-IND",
        "25(3)(a)",
        "Commission: indirect perpetration (through another person)",
        "Committing the crime through another person, whether or not that person is "
        "criminally responsible, for example through control of an organisation.",
        [
            (
                MATERIAL,
                "The person controlled the will of those who carried out the material "
                "elements, for example through control of a hierarchical, organised "
                "apparatus of power.",
            ),
            (
                MATERIAL,
                "The crimes were carried out through almost automatic compliance with "
                "the person's orders.",
            ),
            (MENTAL, "The person met the mental elements of the crime."),
            (
                MENTAL,
                "The person was aware of the factual circumstances that gave them "
                "control over the crime.",
            ),
        ],
    ),
    (
        "25-3-b",
        "25(3)(b)",
        "Ordering, soliciting or inducing",
        "Ordering, soliciting or inducing a crime that occurs or is attempted.",
        [
            (
                MATERIAL,
                "The person instructed another to commit the crime from a position of "
                "authority (ordering), or asked, urged or otherwise influenced "
                "another to commit it (soliciting, inducing).",
            ),
            (MATERIAL, "The crime was committed or attempted."),
            (
                MATERIAL,
                "The order or influence had a direct effect on the commission or "
                "attempt.",
            ),
            (
                MENTAL,
                "The person meant the crime to be committed, or was aware that it "
                "would be committed in the ordinary course of events as a result.",
            ),
        ],
    ),
    (
        "25-3-c",
        "25(3)(c)",
        "Aiding, abetting or otherwise assisting",
        "Assisting the commission or attempt of a crime, including by providing the "
        "means, for the purpose of facilitating it.",
        [
            (MATERIAL, "The crime was committed or attempted by another person."),
            (
                MATERIAL,
                "The person aided, abetted or otherwise assisted in its commission or "
                "attempt, including by providing the means.",
            ),
            (
                MENTAL,
                "The person acted for the purpose of facilitating the commission of "
                "the crime.",
            ),
            (
                MENTAL,
                "The person was aware of the crime and of the mental state of the "
                "principal perpetrator.",
            ),
        ],
    ),
    (
        "25-3-d",
        "25(3)(d)",
        "Contributing to a crime by a group acting with a common purpose",
        "Any other intentional contribution to a crime committed or attempted by a "
        "group of persons acting with a common purpose.",
        [
            (MATERIAL, "A crime was committed or attempted."),
            (
                MATERIAL,
                "It was committed or attempted by a group of persons acting with a "
                "common purpose.",
            ),
            (
                MATERIAL,
                "The person contributed to its commission or attempt in some other "
                "way.",
            ),
            (MENTAL, "The contribution was intentional."),
            (
                MENTAL,
                "The person contributed either to further the criminal activity or "
                "purpose of the group, or knowing the group's intention to commit the "
                "crime.",
            ),
        ],
    ),
    (
        "25-3-e",
        "25(3)(e)",
        "Direct and public incitement to genocide",
        "Directly and publicly inciting others to commit genocide; the genocide need "
        "not follow.",
        [
            (MATERIAL, "The person incited others to commit genocide."),
            (MATERIAL, "The incitement was direct: it specifically urged the act."),
            (MATERIAL, "The incitement was public."),
            (
                MENTAL,
                "The person intended directly to prompt or provoke others to commit "
                "genocide.",
            ),
            (
                MENTAL,
                "The person intended to destroy, in whole or in part, a national, "
                "ethnical, racial or religious group, as such.",
            ),
        ],
    ),
    (
        "25-3-f",
        "25(3)(f)",
        "Attempt",
        "Beginning the execution of a crime by a substantial step that does not end "
        "in the crime for reasons independent of the person's intentions. A person "
        "who completely and voluntarily abandons the effort is not punishable for "
        "the attempt.",
        [
            (
                MATERIAL,
                "The person took action that began the execution of the crime by "
                "means of a substantial step.",
            ),
            (
                MATERIAL,
                "The crime did not occur because of circumstances independent of the "
                "person's intentions.",
            ),
            (MENTAL, "The person intended to commit the crime."),
        ],
    ),
    (
        "28-a",
        "28(a)",
        "Responsibility of military commanders",
        "A military commander, or a person effectively acting as one, is responsible "
        "for crimes of forces under their effective command and control that result "
        "from their failure to exercise control properly.",
        [
            (
                MATERIAL,
                "Crimes within the Court's jurisdiction were committed by forces.",
            ),
            (
                MATERIAL,
                "The person was a military commander or effectively acting as one.",
            ),
            (
                MATERIAL,
                "The person had effective command and control, or effective authority "
                "and control, over those forces.",
            ),
            (
                MENTAL,
                "The person knew, or owing to the circumstances at the time should "
                "have known, that the forces were committing or about to commit such "
                "crimes.",
            ),
            (
                MATERIAL,
                "The person failed to take all necessary and reasonable measures "
                "within their power to prevent or repress the crimes, or to submit "
                "the matter to the competent authorities for investigation and "
                "prosecution.",
            ),
            (
                MATERIAL,
                "The crimes resulted from the person's failure to exercise control "
                "properly over the forces.",
            ),
        ],
    ),
    (
        "28-b",
        "28(b)",
        "Responsibility of other superiors",
        "A civilian or other non-military superior is responsible for crimes of "
        "subordinates under their effective authority and control that result from "
        "their failure to exercise control properly.",
        [
            (
                MATERIAL,
                "Crimes within the Court's jurisdiction were committed by "
                "subordinates.",
            ),
            (
                MATERIAL,
                "The person had effective authority and control over those "
                "subordinates.",
            ),
            (
                MENTAL,
                "The person knew, or consciously disregarded information which "
                "clearly showed, that the subordinates were committing or about to "
                "commit such crimes.",
            ),
            (
                MATERIAL,
                "The crimes concerned activities within the person's effective "
                "responsibility and control.",
            ),
            (
                MATERIAL,
                "The person failed to take all necessary and reasonable measures "
                "within their power to prevent or repress the crimes, or to submit "
                "the matter to the competent authorities for investigation and "
                "prosecution.",
            ),
            (
                MATERIAL,
                "The crimes resulted from the person's failure to exercise control "
                "properly over the subordinates.",
            ),
        ],
    ),
]

# --- assembly --------------------------------------------------------------------


def crime_entries(rows, *, category: str, context: str, status=()):
    """Catalogue entries for one table of crimes, context and victim status added.

    A row's optional fifth to seventh fields are a note, an Article 30 text for the
    default mental element, and whether the victim-status elements apply (the
    property crime of 8(2)(a)(iv) and the due-process crime of 8(2)(c)(iv) carry
    their own).
    """
    entries = []
    for row in rows:
        suffix, article, title, own = row[:4]
        note = row[4] if len(row) > 4 else ""
        a30_text = (row[5] if len(row) > 5 else "") or A30_TEXT
        with_status = row[6] if len(row) > 6 else True
        code = f"RS-{suffix}"
        numbered = list(own) + (list(status) if with_status else [])
        elements = []
        for number, (kind, text) in enumerate(numbered, start=1):
            elements.append(
                {
                    "code": f"{code}-{number}",
                    "number": number,
                    "kind": kind,
                    "text": text,
                }
            )
        if not any(e["kind"] == MENTAL for e in elements) or len(row) > 5 and row[5]:
            elements.append(
                {
                    "code": f"{code}-A30",
                    "number": None,
                    "kind": MENTAL,
                    "text": a30_text,
                }
            )
        start = len(numbered) + 1
        for offset, (text, shared_key, shared_per) in enumerate(CONTEXTS[context]):
            elements.append(
                {
                    "code": f"{code}-{start + offset}",
                    "number": start + offset,
                    "kind": CONTEXTUAL,
                    "text": text,
                    "shared_key": shared_key,
                    "shared_per": shared_per,
                }
            )
        entries.append(
            {
                "code": code,
                "article": article,
                "category": category,
                "conflict": {
                    "war_crime_iac": "international",
                    "war_crime_niac": "non-international",
                }.get(context, ""),
                "title": title,
                "note": note,
                "elements": elements,
            }
        )
    return entries


def mode_entries():
    entries = []
    for suffix, article, title, summary, own in MODES:
        code = f"RS-{suffix}"
        entries.append(
            {
                "code": code,
                "article": article,
                "title": title,
                "summary": summary,
                "elements": [
                    {"code": f"{code}-{n}", "number": n, "kind": kind, "text": text}
                    for n, (kind, text) in enumerate(own, start=1)
                ],
            }
        )
    return entries


def catalogue() -> dict:
    return {
        "format": "indisputable-catalogue/1",
        "statute": {
            "code": "RS",
            "title": "Rome Statute of the International Criminal Court",
            "citation": (
                "Rome Statute (1998, as amended at Kampala 2010 and in 2017 and 2019); "
                "elements after the ICC Elements of Crimes"
            ),
            "note": (
                "Summaries in Indisputable's own words, for charting evidence. Read "
                "the exact wording in the official texts of the Statute and the "
                "Elements of Crimes."
            ),
        },
        "crimes": [
            *crime_entries(GENOCIDE, category="genocide", context="genocide"),
            *crime_entries(
                CAH, category="crime_against_humanity", context="crime_against_humanity"
            ),
            *crime_entries(
                GRAVE_BREACHES,
                category="war_crime",
                context="war_crime_iac",
                status=GRAVE_BREACH_STATUS,
            ),
            *crime_entries(IAC_OTHER, category="war_crime", context="war_crime_iac"),
            *crime_entries(
                COMMON_ARTICLE_3,
                category="war_crime",
                context="war_crime_niac",
                status=COMMON_ARTICLE_3_STATUS,
            ),
            *crime_entries(NIAC_OTHER, category="war_crime", context="war_crime_niac"),
        ],
        "modes": mode_entries(),
    }


def main() -> None:
    OUT.write_text(json.dumps(catalogue(), indent=1, ensure_ascii=False) + "\n")
    sys.stdout.write(f"wrote {OUT}\n")


if __name__ == "__main__":
    main()
