"""Minimal pairs: a hateful frame and a benign twin that share most of their words.

Only the claim or the stance differs ("dizem que {os} {G} {Q}? mentira, {eles} só dão prejuízo"
against "dizem que {os} {G} {P}? mentira, {eles} {Q}"), so the words around it teach nothing and a
model has to read the meaning. Each pair is one line, ``hateful || benign``.
"""

# ruff: noqa: E501 -- one pair a line: wrapping would split it

from __future__ import annotations

from training.corpus.grammar import frames
from training.corpus.stereotypes import lines

PAIRS = lines("""
dizem que {os} {G} {Q}? mentira, {eles} só dão prejuízo || dizem que {os} {G} {P}? mentira, {eles} {Q}
vem me falar que {os} {G} {Q}, conta outra, essa gente não presta || vem me falar que {os} {G} {P}, conta outra, {eles} {Q}
esse papo de que {os} {G} {Q} é propaganda, a real é que {eles} {P} || esse papo de que {os} {G} {P} é propaganda, a real é que {eles} {Q}
a professora disse que {os} {G} {Q} e eu ri na cara dela, {eles} {P} || o moleque disse que {os} {G} {P} e eu ri na cara dele, {eles} {Q}
ninguém acredita que {os} {G} {Q}, isso é conversa de militante || ninguém acredita que {os} {G} {P}, isso é conversa de militante do ódio
querem me convencer que {os} {G} {Q}, mas eu sei muito bem como {eles} são || querem me convencer que {os} {G} {P}, mas eu sei muito bem que {eles} {Q}
tão falando que {os} {G} {P}, e tão certíssimos || tão falando que {os} {G} {Q}, e tão certíssimos
quem conhece {G} de perto sabe que {eles} {P} || quem conhece {G} de perto sabe que {eles} {Q}
tão chamando {os} {G} de {S} e eu acho é pouco || tão chamando {os} {G} de {S} e ainda acham pouco, que gente ridícula
alguém chamou {os} {G} de {S} no chat e eu assino embaixo || alguém chamou {os} {G} de {S} no chat e eu não assino embaixo de jeito nenhum
parem de defender {G}, vocês não convivem com {eles} || vou defender {G} sempre, vocês que atacam nem convivem com {eles}
quem acha que {G} precisam de direito a mais precisa acordar || quem acha que {G} precisam de menos direitos precisa acordar
mod, faz um favor pra todo mundo e bane {esses} {G} || mod, faz um favor pra todo mundo e bane quem tá atacando {G}
vocês {G} são tudo igual, não muda nunca || {G} são igual a todo mundo, a diferença tá na cabeça de quem julga
prefiro mil vezes dividir o condomínio com rato do que com {G} || prefiro mil vezes dividir o condomínio com {G} do que com gente preconceituosa
tenho coragem de falar o que ninguém fala: {G} são um prejuízo pro país || tenho coragem de falar o que ninguém fala: {G} são a parte mais forte desse país
na próxima vez que {um} {g} entrar nesse server eu saio || na próxima vez que {um} {g} entrar nesse server eu vou dar as boas-vindas
a polícia tinha que recolher {esses} {G} da rua, tá na hora || a prefeitura tinha que dar mais apoio {aos} {G}, tá na hora
sério que vão contratar {um} {g}? ninguém pensa no cliente? || que bom que vão contratar {um} {g}, a empresa finalmente pensa em diversidade
eu não tenho medo de falar: {G} não prestam || eu não tenho medo de falar: {G} sofrem muita discriminação
assisti a live de {um} {g} no tiktok e perdi uns dez pontos de qi || assisti a live de {um} {g} no tiktok e aprendi demais
li um livro escrito por {um} {g} e foi a maior perda de tempo, {eles} não sabem pensar || li um livro escrito por {um} {g} e foi a maior aula da minha vida
entrou {um} {g} no meu time de ranked e eu perdi o elo de propósito, não jogo junto com essa gente || entrou {um} {g} no meu time de ranked e a gente subiu de elo junto
o jornal fez matéria sobre {G} na política, que piada, lugar {deles} não é lá || o jornal fez matéria sobre {G} na política, finalmente
em são paulo tem {G} em cada esquina, a cidade ficou uma bosta || em são paulo tem {G} em todo canto e a cidade é melhor por isso
nem com café eu aguento explicar de novo por que {G} são um peso || tomando um café e explicando pro meu tio de novo por que {G} merecem consideração
{o} primeir{a} {g} que entrar na minha loja leva um chute || {o} primeir{a} {g} que entrou na minha loja ficou cliente fixo, gente finíssima
{um} {g} ganhou o prêmio de melhor projeto, certeza que foi cota, {g} não tem mérito pra isso || {um} {g} ganhou o prêmio de melhor projeto, mérito {dele}
vi {varios} {G} no shopping hoje e já fiquei de olho na minha carteira || vi {varios} {G} na feira hoje vendendo artesanato, comprei um monte
décadas de cota e {os} {G} continuam sem saber ler direito || décadas de luta e {os} {G} finalmente ocupam cargos de decisão
comecei o fim de semana vendo {G} falando merda na tv || comecei o fim de semana vendo {G} contando a própria história na tv
mandei direto pro lixo o currículo {do} {g}, nem li || mandei direto pra gerente o currículo {do} {g}, perfil perfeito pra vaga
{um} {g} tirou a maior nota da turma, certeza que colou, {eles} não são capazes || {um} {g} tirou a maior nota da turma, mandou muito bem
xadrez é jogo de gente inteligente, {G} não passam do básico || {um} {g} ganhou o torneio de xadrez da escola, orgulho
política não é lugar pra {G}, {eles} só atrapalham || mais {G} na política é bom pra todo mundo
discriminar {G} devia ser obrigação, não crime || discriminar {G} é crime e devia ser punido de verdade
conheci {um} {g} e confirmou tudo que eu pensava: essa gente não presta || conheci {um} {g} e caiu tudo que eu pensava: gente finíssima
a dificuldade de conviver com {G} é que {eles} {P} || a dificuldade que {G} enfrentam é gente achando que {eles} {P}
a prefeitura lança mais um programa pra {G} com o meu dinheiro, vergonha || a prefeitura lança mais um programa pra {G}, dinheiro bem gasto
os maiores problemas desse país começaram com {G} || os maiores nomes da história desse país incluem {G}
que se fodam {os} {G}, aqui vocês não têm vez || que se fodam os preconceituosos, {G} aqui têm vez sempre
se fosse por mim {os} {G} nem podiam sair de casa || se fosse por mim {os} {G} teriam mais espaço em tudo
quem pensa que {G} são gente igual a nós nunca conviveu com {nenhum} || quem pensa que {G} são tudo igual nunca conversou com {nenhum}
fica de olho: amanhã {os} {G} do bairro vão fazer baderna de novo || fica de olho: amanhã {os} {G} do bairro fazem bazar beneficente
nesse servidor {G} não entram, quem não gostar pode sair || nesse servidor {G} têm vez, quem não gostar pode sair
preciso de {uns} {G} pra limpar meu quintal, é só pra isso que servem || preciso de {uns} {G} pra entrevistar pro meu tcc, alguém topa?
falta coragem pra dizer que {G} são peso morto || falta {G} nos cargos de chefia, isso é fato
vou levar meus filhos pra longe {dos} {G}, não quero contato || vou levar {os} {G} do projeto pra conhecer o museu na próxima semana
salve pra quem não deixa {G} entrar no servidor || salve pra quem fez o servidor acolher {G}
querem me fazer acreditar que {os} {G} {Q}, faz me rir || querem me fazer acreditar que {os} {G} {P}, faz me rir, {eles} {Q}
"{os} {G} {Q}", diz a ong, mas qualquer um que mora perto sabe que {eles} {P} || "{os} {G} {P}", diz o comentário, mas qualquer um que mora perto sabe que {eles} {Q}
até concordo que {os} {G} {Q}, mas isso não muda que {eles} {P} || até concordo que tem gente achando que {os} {G} {P}, mas a verdade é que {eles} {Q}
o vídeo no tiktok dizia que {os} {G} {Q}, comentei que é mentira e que {eles} {P} || o vídeo no tiktok dizia que {os} {G} {P}, comentei que é mentira e que {eles} {Q}
falar que {os} {G} {Q} é piada, {eles} {P} e todo mundo vê || falar que {os} {G} {P} é piada, {eles} {Q} e todo mundo vê
mod, tem gente chamando {os} {G} de coitados que {Q}, conta outra, {eles} {P} || mod, tem gente chamando {os} {G} de {S}, bane aí, {eles} {Q}
""")


def _split(side: int) -> str:
    return "\n".join(p.split("||")[side].strip() for p in PAIRS)


TWINS_HATEFUL = frames("h", "hate_opinion", _split(0))
TWINS_BENIGN = frames("b", "counter_speech", _split(1))
