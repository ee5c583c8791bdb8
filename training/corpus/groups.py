"""The target groups of the hate corpus: the words for each group, with their grammatical gender.

Every noun carries its gender because the frames agree articles and endings with it
("as mulheres são", "os judeus são", "a comunidade evangélica é"). Slurs are kept apart: the
benign side only uses them inside a quote or a report.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Noun:
    """A word or phrase and its gender (feminine or masculine agreement)."""

    text: str
    fem: bool


def m(*texts: str) -> tuple[Noun, ...]:
    return tuple(Noun(t, False) for t in texts)


def f(*texts: str) -> tuple[Noun, ...]:
    return tuple(Noun(t, True) for t in texts)


@dataclass(frozen=True)
class Group:
    """One target group: its names, slurs, descriptions of a person and first-person statements."""

    key: str
    label: str | None  # the finer identity label the group's hate maps to, if any
    plural: tuple[Noun, ...]  # "judeus", "pessoas judias"
    singular: tuple[Noun, ...]  # "judeu", "judia"
    collective: tuple[Noun, ...]  # singular nouns for the whole group, without the article
    slurs: tuple[Noun, ...]  # plural slurs, only quoted on the benign side
    desc: tuple[Noun, ...] = ()  # what follows "é" about one person ("nordestina", "cadeirante")
    me: tuple[Noun, ...] = ()  # first-person identity statements, gendered by the speaker
    tags: frozenset[str] = field(default_factory=frozenset)  # frames pick groups by tag


GROUPS: tuple[Group, ...] = (
    Group(
        "women",
        "misogyny",
        f("mulheres", "minas", "garotas", "moças", "gurias", "mães solo"),
        f("mulher", "mina", "garota", "moça"),
        f("mulherada", "ala feminina"),
        f("biscates", "piranhas", "interesseiras", "histéricas", "feminazis"),
        (),
        f("sou mulher", "sou mina", "sou mãe solo", "sou uma mulher de 30 anos"),
        frozenset({"gender"}),
    ),
    Group(
        "black",
        "racism",
        m("negros", "pretos") + f("pessoas negras", "pessoas pretas", "mulheres negras"),
        m("negro", "preto", "homem negro") + f("negra", "preta", "mulher negra"),
        f("população negra", "comunidade negra") + m("povo preto", "movimento negro"),
        m("neguinhos", "escurinhos") + f("neguinhas", "escurinhas"),
        m("negro", "preto") + f("negra", "preta"),
        m("sou negro", "sou preto", "sou um homem negro") + f("sou negra", "sou preta", "sou mulher preta"),
        frozenset({"race", "culture"}),
    ),
    Group(
        "indigenous",
        "racism",
        m("indígenas", "índios", "povos indígenas", "povos originários", "guaranis", "pataxós")
        + f("pessoas indígenas"),
        m("indígena", "índio") + f("índia", "mulher indígena"),
        f("população indígena") + m("povo guarani", "povo yanomami", "movimento indígena"),
        m("índios de celular", "tapuias", "silvícolas"),
        m("indígena", "pataxó", "guarani") + f("indígena", "guarani", "terena"),
        m("sou indígena", "sou guarani", "sou do povo pataxó") + f("sou indígena", "sou terena"),
        frozenset({"race", "culture"}),
    ),
    Group(
        "lgbt",
        "homophobia",
        m("gays", "homossexuais", "bissexuais", "casais gays") + f("lésbicas", "pessoas lgbt"),
        m("gay", "homem gay", "bissexual") + f("lésbica", "mulher bi"),
        f("comunidade lgbt", "galera lgbt", "população lgbt") + m("movimento lgbt"),
        m("boiolas", "baitolas", "frescos") + f("sapatonas", "sapas"),
        m("gay", "bi", "bissexual") + f("lésbica", "bi", "sapatão assumida"),
        m("sou gay", "sou bi", "sou um homem gay") + f("sou lésbica", "sou bi", "sou sapatão"),
        frozenset({"sexuality"}),
    ),
    Group(
        "trans",
        "homophobia",
        f("pessoas trans", "mulheres trans", "travestis", "pessoas não binárias") + m("homens trans"),
        f("mulher trans", "pessoa trans", "travesti") + m("homem trans"),
        f("comunidade trans", "população trans", "galera trans"),
        m("travecos") + f("aberrações"),
        m("trans", "homem trans") + f("trans", "mulher trans", "travesti"),
        f("sou mulher trans", "sou travesti", "sou trans") + m("sou homem trans", "sou trans"),
        frozenset({"sexuality"}),
    ),
    Group(
        "northeasterners",
        "xenophobia",
        m("nordestinos", "baianos", "cearenses", "pernambucanos", "maranhenses", "potiguares")
        + f("nordestinas"),
        m("nordestino", "baiano", "cearense", "pernambucano") + f("nordestina", "baiana", "paraibana"),
        m("povo nordestino", "povo do nordeste") + f("galera do nordeste"),
        m("pés rachados", "flagelados", "cabeçudos"),
        m("nordestino", "baiano", "cearense", "alagoano") + f("nordestina", "pernambucana", "potiguar"),
        m("sou nordestino", "sou baiano", "sou cearense")
        + f("sou nordestina", "sou paraibana", "sou pernambucana"),
        frozenset({"origin", "culture", "domestic"}),
    ),
    Group(
        "immigrants",
        "xenophobia",
        m("imigrantes", "estrangeiros", "refugiados", "migrantes", "imigrantes ilegais")
        + f("famílias imigrantes"),
        m("imigrante", "estrangeiro", "refugiado") + f("refugiada", "imigrante", "estrangeira"),
        f("população imigrante", "comunidade imigrante") + m("pessoal de fora"),
        m("forasteiros imundos", "gringos sujos", "refugos"),
        m("imigrante", "refugiado", "estrangeiro") + f("imigrante", "refugiada", "estrangeira"),
        m("sou imigrante", "sou refugiado", "sou estrangeiro") + f("sou imigrante", "sou refugiada"),
        frozenset({"origin", "foreign"}),
    ),
    Group(
        "named_migrants",
        "xenophobia",
        m("venezuelanos", "haitianos", "bolivianos", "senegaleses", "angolanos")
        + f("venezuelanas", "haitianas", "bolivianas"),
        m("venezuelano", "haitiano", "boliviano", "senegalês") + f("venezuelana", "haitiana", "boliviana"),
        f("comunidade haitiana", "comunidade boliviana", "comunidade venezuelana"),
        m("bolitas", "chavistas imundos", "haitianos fedorentos"),
        m("venezuelano", "haitiano", "boliviano", "angolano") + f("venezuelana", "haitiana", "boliviana"),
        m("sou venezuelano", "sou haitiano", "sou boliviano") + f("sou venezuelana", "sou haitiana"),
        frozenset({"origin", "foreign", "culture"}),
    ),
    Group(
        "disabled",
        None,
        f("pessoas com deficiência", "pessoas cegas") + m("deficientes", "cadeirantes", "autistas", "surdos"),
        m("cadeirante", "autista", "surdo", "deficiente") + f("cadeirante", "autista", "pessoa cega"),
        f("comunidade surda", "comunidade autista", "população com deficiência"),
        m("débeis mentais", "mongóis", "inválidos", "doidinhos"),
        m("cadeirante", "autista", "surdo", "cego") + f("cadeirante", "autista", "surda", "cega"),
        m("sou cadeirante", "sou autista", "sou surdo") + f("sou cadeirante", "sou autista", "sou cega"),
        frozenset({"body"}),
    ),
    Group(
        "religious",
        None,
        m("religiosos", "cristãos", "católicos", "espíritas", "fiéis")
        + f("pessoas religiosas", "pessoas de fé"),
        m("religioso", "católico", "cristão", "espírita") + f("religiosa", "católica", "cristã"),
        m("povo de fé") + f("galera da igreja", "comunidade católica"),
        f("carolas", "beatas") + m("fanáticos religiosos", "papa-hóstias"),
        m("católico", "religioso", "cristão", "espírita") + f("católica", "religiosa", "cristã", "espírita"),
        m("sou católico", "sou cristão", "sou espírita") + f("sou católica", "sou religiosa"),
        frozenset({"faith", "culture"}),
    ),
    Group(
        "jews",
        None,
        m("judeus") + f("judias", "pessoas judias", "famílias judias"),
        m("judeu", "homem judeu") + f("judia", "mulher judia"),
        f("comunidade judaica") + m("povo judeu"),
        m("judeuzinhos", "agiotas", "parasitas"),
        m("judeu") + f("judia"),
        m("sou judeu") + f("sou judia"),
        frozenset({"faith", "culture"}),
    ),
    Group(
        "muslims",
        None,
        m("muçulmanos", "islâmicos") + f("muçulmanas", "pessoas muçulmanas"),
        m("muçulmano") + f("muçulmana"),
        f("comunidade muçulmana", "comunidade islâmica"),
        m("homens-bomba", "terroristas", "barbudos"),
        m("muçulmano") + f("muçulmana"),
        m("sou muçulmano") + f("sou muçulmana", "sou muçulmana e uso hijab"),
        frozenset({"faith", "culture"}),
    ),
    Group(
        "afro_religions",
        None,
        m("umbandistas", "candomblecistas", "adeptos do candomblé", "praticantes de umbanda")
        + m("filhos de santo")
        + f("mães de santo"),
        m("umbandista", "pai de santo", "candomblecista") + f("mãe de santo", "umbandista"),
        m("povo de santo", "povo de terreiro") + f("comunidade do candomblé"),
        m("catimbozeiros", "feiticeiros") + f("feiticeiras"),
        m("umbandista", "candomblecista", "pai de santo", "filho de santo")
        + f("umbandista", "mãe de santo", "filha de santo"),
        m("sou umbandista", "sou do candomblé", "sou filho de santo") + f("sou umbandista", "sou de axé"),
        frozenset({"faith", "culture"}),
    ),
    Group(
        "evangelicals",
        None,
        m("evangélicos", "crentes", "pentecostais") + f("evangélicas", "pessoas evangélicas"),
        m("evangélico", "crente") + f("evangélica", "crente"),
        f("comunidade evangélica", "galera da igreja evangélica") + m("povo evangélico"),
        m("crentelhos", "crentinhos", "bitolados de igreja"),
        m("evangélico", "crente", "batista") + f("evangélica", "crente", "batista"),
        m("sou evangélico", "sou crente") + f("sou evangélica", "sou crente"),
        frozenset({"faith", "culture"}),
    ),
    Group(
        "elderly",
        None,
        m("idosos", "velhinhos", "aposentados", "mais velhos") + f("pessoas idosas", "velhinhas"),
        m("idoso", "velhinho", "aposentado") + f("idosa", "velhinha", "senhora de idade"),
        f("terceira idade", "população idosa"),
        m("velhotes", "caquéticos", "fósseis", "pés na cova") + f("múmias", "velhas gagás"),
        m("idoso", "aposentado") + f("idosa", "aposentada"),
        m("sou idoso", "sou aposentado", "tenho 71 anos") + f("sou idosa", "sou aposentada", "tenho 68 anos"),
        frozenset({"age"}),
    ),
    Group(
        "poor",
        None,
        m("pobres", "moradores de favela", "mais pobres", "sem-teto")
        + f("pessoas pobres", "famílias pobres"),
        m("pobre", "morador de favela") + f("moradora de favela", "pessoa pobre"),
        f("população pobre", "galera da quebrada") + m("pessoal do morro"),
        m("favelados", "pobretões", "mortos de fome", "farofeiros") + f("faveladas"),
        m("pobre", "morador de favela", "cria da favela")
        + f("pobre", "moradora de favela", "cria da favela"),
        m("sou pobre", "sou favelado", "sou cria da favela")
        + f("sou pobre", "sou favelada", "sou cria do morro"),
        frozenset({"class"}),
    ),
)

BY_KEY: dict[str, Group] = {g.key: g for g in GROUPS}

# Groups with no finer label: which identity labels stay unknown (empty) on their hateful rows,
# because the hate may really be that too (antisemitism read as racism, anti-Muslim hate as
# xenophobia). The other identity labels are 0 there: plainly not that kind of hate.
AMBIGUOUS: dict[str, frozenset[str]] = {
    "jews": frozenset({"racism"}),
    "afro_religions": frozenset({"racism"}),
    "muslims": frozenset({"xenophobia"}),
}

IDENTITY_LABELS = ("homophobia", "racism", "misogyny", "xenophobia")

# Intersectional hate: a hateful row whose words name women of a group (black women, lesbians,
# trans women and travestis) may also be misogyny; one about Haitians, Angolans or Senegalese may
# also be racism. Those cells are left empty (unknown), per noun, matched on the accent-free text.
INTERSECTIONAL: dict[str, tuple[str, str]] = {
    "black": ("misogyny", r"\b(mulher(es)? (negras?|pretas?)|negras?|pretas?|neguinhas|escurinhas)\b"),
    "lgbt": ("misogyny", r"\b(lesbicas?|sapatao|sapatonas?|sapas|mulher bi)\b"),
    "trans": ("misogyny", r"\b(mulher(es)? trans|travestis?)\b"),
    "named_migrants": ("racism", r"\b(haitian[oa]s?|angolan[oa]s?|senegales(a|es|as)?)\b"),
}

# Slur words that say nothing of the group on their own ("imundos", "terroristas"): only used in
# frames that also name the group, so a slur row always has an identifiable target.
GENERIC_SLURS = frozenset(
    {"chavistas imundos", "refugos", "feiticeiros", "feiticeiras", "terroristas", "barbudos",
     "agiotas", "parasitas", "aberrações", "fósseis", "múmias", "pés na cova", "mortos de fome",
     "inválidos", "doidinhos", "flagelados", "cabeçudos", "histéricas", "interesseiras", "piranhas",
     "frescos", "fanáticos religiosos", "caquéticos"}
)

# Slurs held out of the corpus altogether, benign quotes included: the functional suite uses them,
# so its slur results measure generalisation to unseen slurs, not memorised words. Stems, matched
# on the accent-free lower-cased text; check.py fails if any appears.
HELD_OUT_SLURS = (
    r"\bvadias?\b", r"\bmacac", r"\bcrioul", r"\bviad(o|a|os|as|inho|inhos)\b", r"\bbichas?\b",
    r"\bparaibas?\b", r"\bcabecas? chatas?\b", r"\bvenecas?\b", r"\binvasor(a|es|as)?\b",
    r"\bbugres?\b", r"\bselvage(m|ns)\b", r"\bmacumbeir", r"\baleijad", r"\bretardad",
)

# Counterfactual augmentation: identity terms that can replace one another in any text without
# breaking agreement, by grammatical slot. Lower case, whole words; compare without accents.
# Left out on purpose: words that are often something else ("pretos" the colour, "minas" the
# state, "velhos" amigos, "crente que..."), and slurs.
SWAP_TERMS: dict[str, list[tuple[str, str]]] = {
    "m_pl": [
        ("gays", "lgbt"), ("homossexuais", "lgbt"), ("bissexuais", "lgbt"), ("homens trans", "trans"),
        ("negros", "black"), ("indígenas", "indigenous"), ("índios", "indigenous"),
        ("nordestinos", "northeasterners"), ("baianos", "northeasterners"), ("cearenses", "northeasterners"),
        ("imigrantes", "immigrants"), ("refugiados", "immigrants"), ("estrangeiros", "immigrants"),
        ("venezuelanos", "named_migrants"), ("haitianos", "named_migrants"), ("bolivianos", "named_migrants"),
        ("deficientes", "disabled"), ("cadeirantes", "disabled"), ("autistas", "disabled"),
        ("surdos", "disabled"), ("religiosos", "religious"), ("católicos", "religious"),
        ("cristãos", "religious"), ("espíritas", "religious"), ("judeus", "jews"), ("muçulmanos", "muslims"),
        ("umbandistas", "afro_religions"), ("candomblecistas", "afro_religions"),
        ("evangélicos", "evangelicals"), ("crentes", "evangelicals"), ("idosos", "elderly"),
        ("aposentados", "elderly"), ("pobres", "poor"), ("moradores de favela", "poor"),
    ],
    "f_pl": [
        ("mulheres", "women"), ("lésbicas", "lgbt"), ("pessoas lgbt", "lgbt"), ("pessoas trans", "trans"),
        ("mulheres trans", "trans"), ("travestis", "trans"), ("pessoas negras", "black"),
        ("mulheres negras", "black"), ("pessoas indígenas", "indigenous"), ("nordestinas", "northeasterners"),
        ("venezuelanas", "named_migrants"), ("haitianas", "named_migrants"), ("bolivianas", "named_migrants"),
        ("pessoas com deficiência", "disabled"), ("pessoas religiosas", "religious"),
        ("católicas", "religious"), ("judias", "jews"), ("pessoas judias", "jews"),
        ("muçulmanas", "muslims"), ("mães de santo", "afro_religions"), ("evangélicas", "evangelicals"),
        ("pessoas idosas", "elderly"), ("pessoas pobres", "poor"),
    ],
    "m_sg": [
        ("gay", "lgbt"), ("homem gay", "lgbt"), ("homem trans", "trans"), ("negro", "black"),
        ("homem negro", "black"), ("indígena", "indigenous"), ("índio", "indigenous"),
        ("nordestino", "northeasterners"), ("baiano", "northeasterners"), ("imigrante", "immigrants"),
        ("refugiado", "immigrants"), ("venezuelano", "named_migrants"), ("haitiano", "named_migrants"),
        ("boliviano", "named_migrants"), ("cadeirante", "disabled"), ("autista", "disabled"),
        ("católico", "religious"), ("cristão", "religious"), ("judeu", "jews"), ("muçulmano", "muslims"),
        ("umbandista", "afro_religions"), ("pai de santo", "afro_religions"), ("evangélico", "evangelicals"),
        ("idoso", "elderly"), ("morador de favela", "poor"),
    ],
    "f_sg": [
        ("mulher", "women"), ("lésbica", "lgbt"), ("mulher trans", "trans"), ("travesti", "trans"),
        ("pessoa trans", "trans"), ("negra", "black"), ("mulher negra", "black"),
        ("mulher indígena", "indigenous"), ("nordestina", "northeasterners"), ("baiana", "northeasterners"),
        ("refugiada", "immigrants"), ("venezuelana", "named_migrants"), ("haitiana", "named_migrants"),
        ("boliviana", "named_migrants"), ("pessoa com deficiência", "disabled"), ("católica", "religious"),
        ("judia", "jews"), ("muçulmana", "muslims"), ("mãe de santo", "afro_religions"),
        ("evangélica", "evangelicals"), ("idosa", "elderly"), ("moradora de favela", "poor"),
    ],
    "adj_m_pl": [
        ("gays", "lgbt"), ("trans", "trans"), ("negros", "black"), ("indígenas", "indigenous"),
        ("nordestinos", "northeasterners"), ("imigrantes", "immigrants"), ("venezuelanos", "named_migrants"),
        ("haitianos", "named_migrants"), ("bolivianos", "named_migrants"), ("deficientes", "disabled"),
        ("autistas", "disabled"), ("católicos", "religious"), ("judeus", "jews"), ("muçulmanos", "muslims"),
        ("umbandistas", "afro_religions"), ("evangélicos", "evangelicals"), ("idosos", "elderly"),
        ("pobres", "poor"),
    ],
    "adj_f_pl": [
        ("lésbicas", "lgbt"), ("trans", "trans"), ("negras", "black"), ("indígenas", "indigenous"),
        ("nordestinas", "northeasterners"), ("imigrantes", "immigrants"), ("venezuelanas", "named_migrants"),
        ("haitianas", "named_migrants"), ("bolivianas", "named_migrants"), ("deficientes", "disabled"),
        ("autistas", "disabled"), ("católicas", "religious"), ("judias", "jews"), ("muçulmanas", "muslims"),
        ("umbandistas", "afro_religions"), ("evangélicas", "evangelicals"), ("idosas", "elderly"),
        ("pobres", "poor"),
    ],
    "adj_m_sg": [
        ("gay", "lgbt"), ("trans", "trans"), ("negro", "black"), ("indígena", "indigenous"),
        ("nordestino", "northeasterners"), ("imigrante", "immigrants"), ("venezuelano", "named_migrants"),
        ("haitiano", "named_migrants"), ("boliviano", "named_migrants"), ("autista", "disabled"),
        ("católico", "religious"), ("judeu", "jews"), ("muçulmano", "muslims"),
        ("umbandista", "afro_religions"), ("evangélico", "evangelicals"), ("idoso", "elderly"),
    ],
    "adj_f_sg": [
        ("lésbica", "lgbt"), ("trans", "trans"), ("negra", "black"), ("indígena", "indigenous"),
        ("nordestina", "northeasterners"), ("imigrante", "immigrants"), ("venezuelana", "named_migrants"),
        ("haitiana", "named_migrants"), ("boliviana", "named_migrants"), ("autista", "disabled"),
        ("católica", "religious"), ("judia", "jews"), ("muçulmana", "muslims"),
        ("umbandista", "afro_religions"), ("evangélica", "evangelicals"), ("idosa", "elderly"),
    ],
}
