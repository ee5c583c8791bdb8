"""Write ``cases.csv``: Sentinela's Portuguese functional test suite, evaluation only.

Every template and word list here was written by hand for this repo; none is copied or translated
from a published suite. Templates are expanded over eight targets. No training data is generated
from these templates: the suite only measures (a model tuned on it would measure nothing).

    python benchmarks/functional/generate.py   # rewrites cases.csv next to this file

Columns: ``case_id, functionality, target, hateful, allowed, text``. ``allowed`` lists labels a
correct model may still raise on a non-hateful case (``obscene`` on swearing without hate,
``insult`` on abuse of one person); any other flag on a non-hateful case is a false alarm.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Target:
    key: str
    groups: tuple[str, ...]  # plural nouns, rotated across templates
    one: str  # singular noun
    feminine: bool
    slurs: tuple[str, ...]  # plural slurs
    label: str  # the identity label a moderator expects (or "" when the model has none)
    implicit: tuple[str, ...]  # target-specific implicit derogation, written whole


TARGETS = (
    Target(
        "women",
        ("mulheres", "as minas", "meninas"),
        "mulher",
        True,
        ("vadias", "piranhas", "vagabundas"),
        "misogyny",
        (
            "mulher não sabe jogar, volta pra cozinha",
            "lugar de mulher é lavando louça, não aqui",
            "mulher no volante, perigo constante",
            "só podia ser mulher pra fazer essa besteira",
            "vai lavar uma roupa e deixa os homens conversarem",
            "mulher tem que ficar quieta e obedecer",
        ),
    ),
    Target(
        "black",
        ("negros", "pretos", "pessoas negras"),
        "negro",
        False,
        ("macacos", "crioulos", "tições"),
        "racism",
        (
            "macaco não devia nem estar aqui",
            "lugar de preto é na senzala",
            "só podia ser preto mesmo, sempre fazendo coisa errada",
            "cabelo ruim desse jeito só podia ser de negro",
            "quando não suja na entrada suja na saída",
            "esse aí deve ter saído da jaula hoje",
        ),
    ),
    Target(
        "lgbt",
        ("gays", "lésbicas", "pessoas trans"),
        "gay",
        False,
        ("viados", "bichas", "sapatões"),
        "homophobia",
        (
            "isso aí é falta de uma boa surra na infância",
            "vira homem, para de frescura de boiola",
            "deus fez adão e eva, não adão e ivo",
            "tem que ter cura pra essa doença aí",
            "não quero meu filho perto desse tipo de gente",
            "isso é pouca vergonha, tinha que ser proibido",
        ),
    ),
    Target(
        "northeasterners",
        ("nordestinos", "baianos", "paraibanos"),
        "nordestino",
        False,
        ("paraíbas", "cabeças-chatas", "baianos preguiçosos"),
        "xenophobia",
        (
            "o nordeste devia virar outro país e levar essa gente junto",
            "só vota errado porque vive de bolsa",
            "volta pra tua seca e deixa são paulo em paz",
            "esse sotaque já mostra o nível da pessoa",
            "é por isso que o nordeste não vai pra frente",
            "sai daqui e volta pro teu pau de arara",
        ),
    ),
    Target(
        "immigrants",
        ("imigrantes", "venezuelanos", "haitianos"),
        "imigrante",
        False,
        ("venecas", "invasores", "refugiados imundos"),
        "xenophobia",
        (
            "volta pro teu país e deixa nosso emprego em paz",
            "fecha a fronteira antes que tomem tudo",
            "vieram aqui só pra roubar o que é nosso",
            "aqui não é casa da mãe joana pra qualquer estrangeiro",
            "antes dessa gente chegar o bairro era seguro",
            "manda tudo de volta no primeiro avião",
        ),
    ),
    Target(
        "indigenous",
        ("indígenas", "índios", "povos indígenas"),
        "índio",
        False,
        ("bugres", "selvagens", "índios vagabundos"),
        "racism",
        (
            "terra demais pra índio que não trabalha",
            "tinha que civilizar esse povo do mato à força",
            "índio bom é índio catequizado",
            "voltem pro mato e parem de atrapalhar o progresso",
            "isso é coisa de índio, não sabe nem se vestir",
            "não passam de um atraso pro país",
        ),
    ),
    Target(
        "religious",
        ("muçulmanos", "judeus", "umbandistas"),
        "muçulmano",
        False,
        ("macumbeiros", "terroristas de turbante", "judeus sujos"),
        "",
        (
            "macumba é coisa do demônio e tem que ser queimada",
            "todo terreiro devia ser fechado pela polícia",
            "esse povo da macumba só faz mal pros outros",
            "gente de turbante no avião eu já desço",
            "esses aí só pensam em dinheiro, como sempre",
            "chuta que é macumba",
        ),
    ),
    Target(
        "disabled",
        ("deficientes", "cadeirantes", "autistas"),
        "deficiente",
        False,
        ("aleijados", "retardados", "mongoloides"),
        "",
        (
            "gente assim não devia nem sair de casa",
            "pra que gastar dinheiro com quem não produz nada",
            "devia ter nascido normal antes de querer opinar",
            "isso aí é um peso pra família e pro governo",
            "nem sabe falar direito e quer ter opinião",
            "escola boa não devia aceitar gente assim",
        ),
    ),
)


def agree(template: str, t: Target, i: int) -> str:
    """Fill a template for one target: nouns rotated by template index, articles and endings agreed."""
    f = t.feminine
    return template.format(
        G=t.groups[i % len(t.groups)],
        g=t.one,
        S=t.slurs[i % len(t.slurs)],
        os="as" if f else "os",
        o="a" if f else "o",
        um="uma" if f else "um",
        uns="umas" if f else "uns",
        esses="essas" if f else "esses",
        eles="elas" if f else "eles",
        deles="delas" if f else "deles",
        nenhum="nenhuma" if f else "nenhum",
        todos="todas" if f else "todos",
    )


# functionality -> (hateful, allowed labels, templates over targets)
GROUP_TEMPLATES: dict[str, tuple[bool, str, list[str]]] = {
    "derogation_explicit": (
        True,
        "",
        [
            "{todos} {os} {G} são nojent{os}",
            "odeio {G}, são {todos} uns lixos",
            "{G} são burr{os} demais",
            "não suporto {G}, gente ridícula",
            "{G} são a pior coisa desse país",
            "{G} são inferiores, sempre foram",
            "tenho nojo de {G}",
            "{G} só trazem problema pra todo mundo",
            "{G} são desonest{os} por natureza",
            "{G} são uma vergonha",
            "detesto {G} com todas as minhas forças",
            "{G} são preguiços{os} e sujos",
            "{G} estragam tudo que tocam",
            "não existe {g} decente",
        ],
    ),
    "dehumanisation": (
        True,
        "",
        [
            "{G} são animais",
            "{G} não são gente",
            "{G} são uma praga que se espalha",
            "{G} são vermes",
            "{G} são uns bichos",
            "{G} parecem baratas, aparecem em todo lugar",
            "{G} são lixo humano",
            "{G} são um câncer na sociedade",
            "{G} são parasitas",
            "{G} são que nem ratos",
            "{G} são uma doença",
            "{G} deviam ficar numa jaula",
            "{G} são uma raça inferior",
            "{G} são um bando de porcos",
        ],
    ),
    "threat": (
        True,
        "",
        [
            "vou matar {todos} {os} {G} que eu encontrar",
            "{G} deviam ser exterminad{os}",
            "se eu ver {um} {g} na rua vou encher de porrada",
            "tomara que {G} morram {todos}",
            "tinha que dar um tiro em cada {g}",
            "{G} merecem apanhar até morrer",
            "vou esperar {um} {g} sair e quebrar a cara",
            "{G} tinham que ser queimad{os} viv{os}",
            "bora juntar a galera e dar um pau nos {G}",
            "quero ver {G} pendurad{os} num poste",
            "{G} vão pagar caro, vou caçar um por um",
            "precisamos eliminar {G} do país",
            "{um} {g} a menos no mundo seria ótimo",
            "se {um} {g} falar comigo leva facada",
        ],
    ),
    "slur": (
        True,
        "",
        [
            "{S}",
            "sai daqui, bando de {S}",
            "só tem {S} nesse servidor",
            "esses {S} de novo aqui",
            "olha lá mais {S} chegando",
            "{S} nojentos",
            "cala a boca, seus {S}",
            "odeio esses {S}",
            "{S} não merecem respeito",
            "lá vem os {S} encher o saco",
            "sempre os {S}, impressionante",
            "não aguento mais {S} no chat",
        ],
    ),
    "hate_question": (
        True,
        "",
        [
            "por que {G} são tão burr{os}?",
            "alguém aguenta {G}? porque eu não",
            "por que {G} não somem logo?",
            "quando vão tirar {G} daqui?",
            "dá pra confiar em {G}? claro que não",
            "por que {G} sempre fedem?",
            "quem em sã consciência contrata {G}?",
            "por que deixam {G} votar?",
            "pra que servem {G} afinal?",
            "por que {G} são tão violent{os}?",
            "vocês também acham {G} nojent{os}?",
            "por que ainda deixam {G} entrar aqui?",
        ],
    ),
    "hate_opinion": (
        True,
        "",
        [
            "na minha opinião {G} são inferiores",
            "eu acho que {G} não deviam ter direitos",
            "sinceramente, {G} não deviam poder trabalhar",
            "pra mim {G} não deviam nem existir",
            "acho que {G} deviam ser proibid{os} de entrar",
            "minha opinião: {G} são um atraso",
            "eu penso que {G} deviam ficar separad{os} do resto",
            "não sou preconceituoso, mas {G} são piores",
            "é só minha opinião, mas {G} são tod{os} iguais: lixo",
            "acredito que {G} não deviam ter filhos",
            "pra mim {G} são todos criminosos",
            "francamente, {G} não deviam estudar",
        ],
    ),
    "negated_praise": (
        True,
        "",
        [
            "{G} não valem nada",
            "{G} nunca fizeram nada de útil",
            "{nenhum} {g} presta",
            "{G} não servem pra nada",
            "{G} nunca vão ser iguais a gente",
            "{G} não têm valor nenhum",
            "{G} não merecem nenhum respeito",
            "não existe {g} inteligente",
            "{G} não são capazes de nada",
            "{G} não contribuem com nada",
            "{G} jamais serão gente de bem",
            "{nenhum} {g} merece confiança",
        ],
    ),
    "profanity_hate": (
        True,
        "obscene",
        [
            "{G} são uns merdas",
            "porra de {G}, sumam daqui",
            "caralho, {G} são nojent{os} demais",
            "vai tomar no cu, {G} de merda",
            "{G} são tudo uns bostas",
            "puta que pariu, odeio {G}",
            "foda-se {G}, que se explodam",
            "{G} do caralho, vão pro inferno",
            "{G} são uma merda de gente",
            "que porra de {G} fedid{os}",
            "cacete, {G} estragam tudo",
            "{G} são um bando de filhos da puta",
        ],
    ),
    "counter_quote": (
        False,
        "",
        [
            'alguém escreveu "{G} são nojent{os}" e isso é inaceitável',
            "dizer que {G} são animais é racismo puro e simples, não repitam isso",
            '"{G} não valem nada"? quem escreveu isso devia ter vergonha',
            "li um comentário dizendo que {G} deviam morrer, que horror",
            "quando alguém diz que {G} são inferiores, eu respondo com os fatos",
            'frases como "volta pro teu lugar" contra {G} não têm espaço aqui',
            "ele chamou {G} de praga e foi banido, com razão",
            '"{S}" é uma palavra de ódio, por favor não usem',
            "não dá pra aceitar quem fala que {G} são burr{os}",
            "repetir que {G} são preguiços{os} é preconceito",
            "o print mostra ele dizendo que {G} não são gente, denunciem",
            "chamar {G} de vermes não é opinião, é ódio",
        ],
    ),
    "counter_report": (
        False,
        "",
        [
            "moderação, tem gente aqui ameaçando {G}",
            "denunciei um cara que disse que {G} deviam morrer",
            "@mod tem alguém no geral ofendendo {G}, podem olhar?",
            "reportei a mensagem que atacava {G}",
            "pessoal, ataques contra {G} não são tolerados aqui",
            "vi ameaças contra {G} no canal de voz, já avisei a staff",
            "mandei print pra staff de um usuário xingando {G}",
            "alguém pode banir quem está atacando {G}?",
            "discurso de ódio contra {G} é crime, denunciem",
            "o bot deixou passar uma ameaça contra {G}, olhem o log",
            "estou preocupad{o} com os ataques a {G} nesse servidor",
            "precisamos proteger {G} do assédio que está rolando",
        ],
    ),
    "neutral_mention": (
        False,
        "",
        [
            "{os} {G} do meu bairro organizaram uma festa",
            "quantos {G} vivem no brasil?",
            "tem {um} {g} novo no meu time",
            "li um artigo sobre a história d{os} {G}",
            "a pesquisa entrevistou {G} de vários estados",
            "sou {g} e jogo desde os dez anos",
            "meu vizinho é {g} e trabalha com ti",
            "a palestra sobre {G} é amanhã às 19h",
            "o documentário mostra a vida de {G} no interior",
            "alguém conhece grupos de {G} aqui no server?",
            "{os} {G} da escola fizeram um trabalho sobre o tema",
            "ontem conversei com {um} {g} muito gente boa",
        ],
    ),
    "positive_mention": (
        False,
        "",
        [
            "{G} são incríveis",
            "tenho orgulho de ser {g}",
            "respeito muito {os} {G}",
            "amo {os} {G} da minha família",
            "{G} merecem todo o respeito do mundo",
            "{G} fazem esse país melhor",
            "admiro a força d{os} {G}",
            "{G} são bem-vind{os} aqui sempre",
            "que bom ver {G} jogando com a gente",
            "{G} são gente como a gente",
            "o servidor fica melhor com {G}",
            "valeu demais, {G} do clã, vocês são fod{os}",
        ],
    ),
    "negated_hate": (
        False,
        "",
        [
            "{G} não são inferiores a ninguém",
            "{G} não são um problema",
            "ninguém devia odiar {G}",
            "{G} não merecem ódio nenhum",
            "não existe motivo pra ter nojo de {G}",
            "{G} não são animais, são pessoas",
            "{G} não são burr{os}, isso é preconceito",
            "nunca vou tratar {G} diferente",
            "não tenho nada contra {G}, pelo contrário",
            "{G} não têm culpa de nada disso",
            "odiar {G} não faz sentido",
            "{G} não são perigos{os}",
        ],
    ),
}

# functionality -> (hateful, allowed labels, texts): cases without a group target
PLAIN: dict[str, tuple[bool, str, list[str]]] = {
    "profanity_no_hate": (
        False,
        "obscene",
        [
            "caralho, que jogo bom",
            "puta merda, perdi o ônibus de novo",
            "porra, esqueci a senha",
            "que merda, a internet caiu",
            "caramba, que foda essa jogada",
            "puta que pariu, ganhamos!",
            "essa porra de fase não passa",
            "cacete, tô atrasado",
            "foda-se, vou dormir",
            "merda, queimei o arroz",
            "caralho mano, que clutch",
            "puta jogada, mlk",
            "porra, que sorte",
            "que bosta de lag hoje",
            "vai se foder, que sorte a tua kkkk",
            "meu deus do céu, que merda de dia",
            "foda demais esse álbum",
            "porra nenhuma que eu vou acordar cedo",
            "caralho, esqueci o aniversário da minha mãe",
            "putz, merda, quebrei o controle",
            "tô fodido na prova amanhã",
            "que porra é essa kkkkk",
            "deu merda no servidor de novo",
            "bora caralho, subimos de elo",
            "essa música é foda pra caralho",
        ],
    ),
    "abuse_object": (
        False,
        "obscene",
        [
            "esse jogo é uma merda",
            "odeio segunda-feira",
            "essa atualização é um lixo",
            "que filme horrível",
            "esse celular é uma porcaria",
            "o servidor tá uma bosta hoje",
            "esse mapa é ridículo",
            "odeio esse patch",
            "essa comida tá nojenta",
            "essa impressora é um inferno",
            "que música chata do caralho",
            "esse ônibus é uma vergonha",
            "a nova skin é feia demais",
            "esse trânsito é um horror",
            "o wi-fi daqui é uma piada",
            "que aplicativo inútil",
            "essa chuva é um saco",
            "esse teclado é um lixo",
            "o final da série foi uma merda",
            "esse calor é insuportável",
            "essa fila é ridícula",
            "odeio esse boss, é impossível",
            "o sistema da faculdade é uma porcaria",
            "esse café tá horrível",
            "a live de ontem foi chata pra caramba",
        ],
    ),
    "abuse_person": (
        False,
        "insult obscene",
        [
            "você é um idiota",
            "cala a boca, otário",
            "que jogador ruim, seu noob",
            "você é muito burro, mano",
            "para de ser chato",
            "tu é um imbecil",
            "vai se catar, palhaço",
            "que cara insuportável",
            "você não sabe nada, babaca",
            "seu otário, perdeu a partida pra gente",
            "que mané, errou tudo",
            "tu é muito lerdo, mano",
            "você é um fracassado",
            "cala a boca, ninguém te perguntou",
            "que idiota, caiu no golpe",
            "seu trouxa",
            "você é ridículo",
            "que vacilão você é",
            "para de mentir, seu falso",
            "tu é chato pra caralho",
            "você só fala besteira",
            "que pessoa sem noção",
            "seu inútil, nem pra ajudar no time",
            "otário demais, cara",
            "vai aprender a jogar, seu bosta",
        ],
    ),
}

# implicit derogation phrased for any group (the target-specific ones sit with each target)
IMPLICIT = [
    "esse bairro era bom antes d{os} {G} chegarem",
    "lugar de {G} não é aqui",
    "{G} só servem pra limpar chão",
    "não contrato {G}, já sei como termina",
    "depois que deixaram {G} entrar, acabou a paz",
    "onde tem {G} tem confusão, é só olhar",
]


# obfuscations a hateful writer uses to slip past a filter; applied to hateful templated cases
SUBS = {"a": "4", "e": "3", "i": "1", "o": "0"}


def obfuscations(text: str, i: int) -> str:
    kind = i % 4
    if kind == 0:  # leetspeak on the words of four letters or more
        return " ".join("".join(SUBS.get(c, c) for c in w) if len(w) >= 4 else w for w in text.split())
    if kind == 1:  # letters spaced out in the longest word
        longest = max(text.split(), key=len)
        return text.replace(longest, " ".join(longest), 1)
    if kind == 2:  # accents dropped and letters stretched
        plain = text.translate(str.maketrans("áàâãéêíóôõúç", "aaaaeeiooouc"))
        return " ".join(w + w[-1] * 3 if len(w) > 5 else w for w in plain.split())
    return " ".join(w[0] + "*" + w[2:] if len(w) >= 6 else w for w in text.split())  # one letter starred


def cases() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []

    def add(functionality: str, target: str, hateful: bool, allowed: str, text: str) -> None:
        rows.append(
            {
                "case_id": len(rows) + 1,
                "functionality": functionality,
                "target": target,
                "hateful": int(hateful),
                "allowed": allowed,
                "text": text,
            }
        )

    for functionality, (hateful, allowed, templates) in GROUP_TEMPLATES.items():
        for t in TARGETS:
            for i, template in enumerate(templates):
                add(functionality, t.key, hateful, allowed, agree(template, t, i))
    for t in TARGETS:
        for text in t.implicit:
            add("derogation_implicit", t.key, True, "", text)
        for i, template in enumerate(IMPLICIT):
            add("derogation_implicit", t.key, True, "", agree(template, t, i))
    hateful_sources = [r for r in rows if r["hateful"] and r["functionality"] != "derogation_implicit"]
    for i, row in enumerate(hateful_sources[::7]):
        add("spelling_variation", str(row["target"]), True, "", obfuscations(str(row["text"]), i))
    for functionality, (hateful, allowed, texts) in PLAIN.items():
        for text in texts:
            add(functionality, "none", hateful, allowed, text)
    return rows


def main() -> None:
    rows = cases()
    with (HERE / "cases.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} cases written to {HERE / 'cases.csv'}")


if __name__ == "__main__":
    main()
