"""Sentence carriers shared by both sides, so that no carrier tells hate from benign.

A carrier ("a real é que ...", "vi num documentário que ...", meu pai sempre diz "...") is filled
with a hateful claim on one side (a stereotype stated as fact, ``{os} {G} {P}``) and with a benign
one on the other (a group fact ``{F}``, or a plain good or neutral predicate ``{Q}``). Only the
claim decides the label: the carrier is the same words, in the same share, on both sides.

``CONTEXTS`` wrap a finished statement in chat context ("hoje no trabalho eu falei: ...") with the
same odds on both sides: the speaker asserts it, so the label is the statement's.
"""



from __future__ import annotations

from training.corpus.grammar import frames
from training.corpus.stereotypes import lines

# {X}: a whole claim; {Y}: a predicate after a subject already named ({eles}).
CARRIERS = lines("""
{X}
todo mundo sabe que {X}
quem convive sabe que {X}
meu avô já dizia que {X}, e ele tava certo
é fato: {X}
pode procurar: {X}
repara só: {X}
{X}, isso ninguém pode negar
a verdade que pouca gente fala: {X}
na moral, {X} mesmo
{X}. não sou eu que tô dizendo, é a realidade
tá na cara que {X}
a real é que {X}
pode anotar, {X}
sabia que {X}? aprendi hoje
vi num documentário que {X}
curiosidade do dia: {X}
meu professor de história falou que {X}, e faz todo sentido
li ontem que {X}, muito interessante
pra quem não sabe, {X}
tava vendo um vídeo no youtube e descobri que {X}
gente, {X}, vcs sabiam?
meu pai sempre diz "{X}" e ele tá certo
segundo dados de 2023, {X}
é importante dizer, para quem ainda tem dúvida, que {X}
{X} — e ninguém me convence do contrário
muita gente não sabe, mas {X}
ontem vi um vídeo muito bom mostrando que {X}
depois de 2 anos morando aqui eu entendi: {X}
""")

SUBJECT_CARRIERS = lines("""
trabalhei anos com {G} e te garanto que {eles} {Y}
tenho 10 anos de convivência com {G} e posso afirmar que {eles} {Y}
não adianta vir com textão, eu convivi com {G} a vida inteira no meu bairro e posso afirmar que {eles} {Y}
{todos} {os} {G} com quem eu já trabalhei {Y}
morei do lado de {G} por muito tempo e aprendi que {eles} {Y}
conheço {muitos} {G} e é isso: {eles} {Y}
""")

# Plain predicates of a plural subject, good or neutral, for any group.
GOOD = lines("""
trabalham tanto quanto qualquer um
pagam imposto como todo mundo
ajudaram muito na enchente do ano passado
são maioria entre os voluntários do bairro
enfrentam preconceito todo santo dia e seguem firmes
sabem se organizar melhor que muita associação por aí
têm uma história de luta que pouca gente conhece
têm conta pra pagar e família pra cuidar como todo mundo
fazem um trabalho incrível nas escolas daqui
têm direito ao mesmo tratamento que qualquer pessoa
são os primeiros a ajudar quando alguém precisa
cuidam muito bem da família
ganham menos no mesmo cargo, e isso tem que mudar
são tão diferentes entre si quanto qualquer outro grupo
sempre foram parte da história do brasil
""")


def _carried(side: str, kind: str, claims: list[str], subject_claim: str) -> list:
    out = []
    for claim in claims:
        out += frames(side, kind, "\n".join(c.replace("{X}", claim) for c in CARRIERS))
    out += frames(side, kind, "\n".join(c.replace("{Y}", subject_claim) for c in SUBJECT_CARRIERS))
    return out


STEREOTYPE_FRAMES = _carried("h", "stereotype", ["{os} {G} {P}"], "{P}")
FACT_FRAMES = _carried("b", "neutral_fact", ["{F}"], "{Q}")
GOOD_FRAMES = _carried("b", "praise", ["{os} {G} {Q}"], "{Q}")

# Chat context around a finished statement, drawn with the same odds on both sides.
CONTEXTS = lines("""
hoje no trabalho rolou uma conversa sobre isso e eu falei: {X}
vou falar uma coisa que tá na minha cabeça faz muito tempo: {X}
minha mãe sempre fala isso e eu concordo: {X}
vi um vídeo ontem no youtube e só confirmou o que eu já sabia: {X}
queria deixar minha opinião aqui: {X}
{X}, foi isso que eu falei ontem pro pessoal do trampo
falei isso no grupo da família e repito aqui: {X}
depois de muito tempo pensando, cheguei nisso: {X}
sem querer causar, mas {X}
pra quem tá perguntando o que eu acho: {X}
{X}. é isso, boa noite
já falei isso na faculdade e falo de novo: {X}
tava jogando ranked e saiu essa conversa no servidor, e eu mantenho: {X}
{X}, e eu falo isso com muita tranquilidade
meu professor comentou isso na aula e eu concordo: {X}
""")
# kinds a context may wrap: plain statements of the speaker's own view
CONTEXT_KINDS = {
    "derogation_explicit", "derogation_implicit", "stereotype", "dehumanisation", "exclusion",
    "hate_opinion", "praise", "negated_hate", "neutral_fact", "counter_speech",
}
CONTEXT_ODDS = 0.14
