"""Closed vocabularies. Values are stored; labels are the Swedish words users see."""

import enum


class LabelledEnum(enum.Enum):
    """An enum whose members carry a Swedish label: Member = ("value", "Etikett")."""

    def __new__(cls, value: str, label: str):
        member = object.__new__(cls)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class OrganisationKind(LabelledEnum):
    POLIS = ("polis", "Polis")
    RADDNINGSTJANST = ("raddningstjanst", "Räddningstjänst")
    BOSTADSBOLAG = ("bostadsbolag", "Bostadsbolag")
    BEVAKNINGSBOLAG = ("bevakningsbolag", "Bevakningsbolag")
    FASTIGHETSAGARE = ("fastighetsagare", "Fastighetsägare")
    KOMMUNAL = ("kommunal", "Kommunal verksamhet")
    FORENING = ("forening", "Förening")
    OVRIG = ("ovrig", "Övrig")


class Role(LabelledEnum):
    MEMBER = ("member", "Medlem")
    CHAIR = ("chair", "Ordförande")
    COORDINATOR = ("coordinator", "Samordnare")
    # The steering group (styrgrupp, the local crime-prevention council): read-only, outside the ladder
    # above. Rank 0, so it has none of the member's rights (week page, observations, meetings); the views
    # it may read say so explicitly (auth.decorators.readers).
    STYRGRUPP = ("styrgrupp", "Styrgrupp")

    @property
    def rank(self) -> int:
        return {"styrgrupp": 0, "member": 1, "chair": 2, "coordinator": 3}[self.value]

    def at_least(self, other: "Role") -> bool:
        return self.rank >= other.rank


class TimeBand(LabelledEnum):
    DAG = ("dag", "Dag (06–18)")
    KVALL = ("kvall", "Kväll (18–24)")
    NATT = ("natt", "Natt (00–06)")


class Extent(LabelledEnum):
    ENSTAKA = ("enstaka", "Enstaka")
    ATERKOMMANDE = ("aterkommande", "Återkommande")
    OMFATTANDE = ("omfattande", "Omfattande")


class ReportedToPolice(LabelledEnum):
    JA = ("ja", "Ja")
    NEJ = ("nej", "Nej")
    VET_EJ = ("vet_ej", "Vet ej")


class Sharing(LabelledEnum):
    GRUPPEN = ("gruppen", "Gruppen")
    BEGRANSAD = ("begransad", "Begränsad")


class ObservationStatus(LabelledEnum):
    ACTIVE = ("active", "Aktiv")
    WITHDRAWN = ("withdrawn", "Återkallad")


class ObservationSource(LabelledEnum):
    FORM = ("form", "Formulär")
    IMPORT = ("import", "Import")
    DEMO = ("demo", "Demodata")


class MeetingStatus(LabelledEnum):
    OPEN = ("open", "Pågår")
    CLOSED = ("closed", "Avslutat")


class ActionStatus(LabelledEnum):
    OPPEN = ("oppen", "Öppen")
    PAGAR = ("pagar", "Pågår")
    KLAR = ("klar", "Klar")
    AVFORD = ("avford", "Avförd")

    @property
    def is_open(self) -> bool:
        return self in ActionStatus.open_statuses()

    @classmethod
    def open_statuses(cls) -> tuple["ActionStatus", ...]:
        return (cls.OPPEN, cls.PAGAR)


class AgendaKind(LabelledEnum):
    FLAGS = ("flags", "Ökningar")
    AREA = ("area", "Område")
    ACTIONS = ("actions", "Öppna åtgärder")
    OVRIGT = ("ovrigt", "Övrigt")


class TokenPurpose(LabelledEnum):
    INVITE = ("invite", "Inbjudan")
    RESET = ("reset", "Nytt lösenord")


class InstallKind(LabelledEnum):
    DEMO = ("demo", "Demo (utvärdering)")
    REAL = ("real", "Skarp installation")


class WalkStatus(LabelledEnum):
    PLANERAD = ("planerad", "Planerad")
    GENOMFORD = ("genomford", "Genomförd")


class FindingCategory(LabelledEnum):
    """What safety walkers note (the usual checklist of Swedish municipal guidance)."""

    BELYSNING = ("belysning", "Belysning")
    VEGETATION = ("vegetation", "Vegetation som skymmer")
    KLOTTER = ("klotter", "Klotter och skadegörelse")
    TUNNEL = ("tunnel", "Tunnlar och passager")
    SKRAP = ("skrap", "Nedskräpning")
    TRAFIK = ("trafik", "Trafik")
    OTRYGGT = ("otryggt", "Känns otryggt för att …")


class FindingOutcome(LabelledEnum):
    """What a re-walk found at an earlier finding."""

    ATGARDAT = ("atgardat", "Åtgärdat")
    DELVIS = ("delvis", "Delvis åtgärdat")
    EJ_ATGARDAT = ("ej_atgardat", "Inte åtgärdat")


class PromiseKind(LabelledEnum):
    """How a medborgarlöfte is followed up: a count against a target, a milestone, or a process."""

    COUNT = ("count", "Antal (minst N)")
    MILESTONE = ("milestone", "Milstolpe (genomfört eller inte)")
    PROCESS = ("process", "Process (följs med lägesanteckningar)")


class ProcessState(LabelledEnum):
    """Where a process promise stands, as its latest dated status note says."""

    ENLIGT_PLAN = ("enligt_plan", "Enligt plan")
    AVVIKER = ("avviker", "Avviker från planen")
    GENOMFORT = ("genomfort", "Genomfört")


class PublishedKind(LabelledEnum):
    """Which published figures a value is: the police's safety survey or its statistics of reported crime."""

    SURVEY = ("survey", "Trygghetsmätning")
    POLICE = ("police", "Polisens statistik över anmälda brott")


class Horizon(LabelledEnum):
    SHORT = ("short", "Kort sikt")
    LONG = ("long", "Lång sikt")


class MeasureKind(LabelledEnum):
    """Situational measures change the place or the moment; social ones the people's circumstances."""

    SITUATIONAL = ("situational", "Situationell")
    SOCIAL = ("social", "Social")


class MeasureOutcome(LabelledEnum):
    """What the yearly follow-up says about a measure: carried out as the plan said, in part, or not."""

    ENLIGT_PLAN = ("enligt_plan", "Genomförd som planerat")
    DELVIS = ("delvis", "Delvis genomförd")
    INTE = ("inte", "Inte genomförd")
