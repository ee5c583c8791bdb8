"""Hateful frames written against shortcut cues: the words and registers the benign side had.

Formal and op-ed register ("para", digits), hedges ("com todo respeito", "longe de mim ser
preconceituoso"), approving quotes, reports used as weapons, everyday settings (emprego, trabalho,
professora, associação, evento) and plain hate verbs (matar, exterminar, odeio, nojento, vermes).
"""



from __future__ import annotations

from training.corpus.grammar import frames

HATEFUL_MIRROR = frames("h", "hate_opinion", """
com todo respeito, mas {G} não têm condição de ocupar cargo de chefia
longe de mim ser preconceituoso, mas {G} no meu time de trabalho não dá
sou sincero: {G} não deviam ter emprego em escola nenhuma
eu sou contra {G} em qualquer posição de confiança
é importante dizer com clareza: a presença de {G} nas empresas é um prejuízo para todos
na condição de empresário, afirmo que contratar {G} foi o pior erro da minha carreira
segundo a minha experiência de 20 anos, {G} rendem metade de qualquer outro funcionário
a associação de moradores devia ter votado para barrar {G} no condomínio
minha professora vive defendendo {G}, mas eu sei muito bem o que {eles} são
o problema do país tem nome: {G}, e quem tem coragem sabe disso
{G} enfrentam preconceito porque merecem, simples assim
falando sério, {G} só dão prejuízo
acho um absurdo {G} ganharem o mesmo salário que gente normal
{G} não precisam de direito nenhum, precisam de limite
{G} vivem às custas de quem trabalha e ainda acham que têm direito a alguma coisa
a ideia de dividir a sala com {G} me dá ânsia
tenho orgulho de nunca ter contratado {um} {g} na minha empresa
""") + frames("h", "derogation_implicit", """
denunciei {o} {g} do 204 pro síndico, não quero essa gente no meu prédio
reportei {o} {g} que entrou no servidor, aqui não é lugar pra {eles}
a professora colocou {um} {g} no meu grupo, já pedi pra trocar
meu pai diz "{g} bom é {g} longe" e eu concordo
vi {G} na reunião da associação e fui embora na hora
a empresa contratou {um} {g} e eu já tô procurando outro emprego
{um} {g} no servidor de novo? staff, faz alguma coisa
hoje {um} {g} sentou do meu lado no trabalho e eu mudei de mesa, que nojo
@staff tira {esses} {G} do call, ninguém merece
meu tio acha que {os} {G} {Q}, coitado, não sabe que {eles} {P}
o vizinho chamou a polícia pros {G} da esquina e fez muito bem
tô mandando print de {G} falando besteira pro grupo da família rir
comentário de {g} eu nem leio, pulo direto
vi o perfil {do} {g} e já bloqueei, não quero essa gente me seguindo
o moleque escreveu que {os} {G} {Q}, coitado, ainda vai aprender
eu pergunto: pra que {G} existem?
gente finíssima? {G}? só se for na propaganda
{G} em cargos de chefia é o fim de qualquer empresa
até a própria família {dos} {G} tem vergonha {deles}
{G} vivem contando história triste pra ganhar esmola
finalmente {os} {G} do meu prédio se mudaram, agora sim
alguém me indica um bairro sem {G}? quero me mudar
alguém topa fazer uma lista {dos} {G} do bairro pra gente ficar de olho?
tcc sobre {G}? perda de tempo, {eles} não valem um parágrafo
o jornal entrevistou {um} {g} e eu desliguei a tv na hora
violência contra {G}? colheram o que plantaram
não deixo {G} jogar no meu time nem de graça
quero conhecer um lugar onde não tenha {G}
tô chamando {os} {G} de {S} mesmo, e daí?
tão chamando {G} de gente agora, que piada
luta {dos} {G}? que luta, {eles} só querem mamata
a pior parte do bairro é onde moram {os} {G}
{varios} {G} entraram no servidor hoje, já tô de saída
todo comentário de {g} devia ser apagado sem dó
o número de {G} nessa cidade só cresce, daqui a pouco não dá pra andar na rua
essa lei criada pra {G} é só mais um privilégio
comprei cadeado novo depois que {os} {G} se mudaram pro lado
{o} {g} do rh acha que a opinião {dele} vale alguma coisa, coitad{a}
meu duo saiu da partida porque entrou {um} {g}, fez certo
o patch novo deixou {G} entrarem no servidor, pior atualização da história
{os} {G} têm a própria culpa pelo que sofrem
tem {G} achando que manda no bairro, tá na hora de baixar a bola {deles}
{G} são super folgad{a}s, nunca vi igual
na padaria perto de casa agora só atende {g}, troquei de padaria
{um} {g} ajudou a minha mãe no mercado e eu já fui conferir a bolsa dela
todo domingo {os} {G} fazem barulho na praça, alguém devia dar um jeito {neles}
não faço ideia de por que {G} ainda têm direito a voto
meu avô chamava {os} {G} de {S} e tava certo
não é generalizar, {os} {G} {P}
depois que {os} {G} chegaram o bairro acabou
no rio tem {G} em todo canto, por isso a cidade tá desse jeito
{G} são um problema nacional e alguém precisa resolver
tão atacando {G}? tão é fazendo justiça
não vou ajudar {G} nem se {eles} forem os primeiros da fila pedindo
{G} posam de gente finíssima, mas é tudo fachada
tirem {G} dos cargos de decisão antes que afundem tudo
{G} em cargos públicos? nem pensar
finalmente alguém teve coragem de barrar {G} na entrada
a maioria {dos} {G} não presta, o resto finge
{G} mandando no bairro? só por cima de mim
no passado {G} sabiam o lugar {deles}
tive várias chances de conviver com {G} e todas confirmaram: não presta
ficam firmes na mamata, {os} {G} nunca largam o osso
{G} seguem firmes em atrasar o país
várias vezes eu avisei que {G} iam dar problema
são paulo era outra cidade antes de encher de {G}
festa com {G}? tô fora, vira bagunça
não preciso conhecer {G} pra saber que {eles} {P}
{G} voluntári{a}s? só se for pra ganhar alguma coisa em troca
cansei de {G} no meu bairro, vou me mudar
eu sou assim: {g} perto de mim não fica
sou dono de loja e não contrato {g} de jeito nenhum
tira {os} {G} da call, ninguém aguenta a voz {deles}
décadas de política pública pra {G} e nada mudou, é dinheiro jogado fora
existe {g} honest{a}? até hoje não conheci
vi o perfil de {um} {g} no app de namoro e passei na hora, credo
cresci achando que {os} {G} {P}, era o que eu ouvia em casa, e nunca vi motivo pra ter pensado diferente
fiz várias denúncias contra {os} {G} do prédio pro síndico, quero essa gente fora
há anos eu digo que {G} não prestam e ninguém me escuta
há quem defenda {G}, eu prefiro distância
meu avô falava que {os} {G} {P}, e ele sabia das coisas
{G} são a vergonha da sociedade brasileira
dar voz {aos} {G} foi o maior erro da tv
quem dá espaço {aos} {G} é cúmplice
dar tratamento igual {aos} {G}? nem pensar, {eles} são diferentes da gente e não é pra melhor
dei o troco {ao} {g} que me encarou e faria de novo
@staff o sujeito é {d}, bane logo antes que comece
staff, vocês deixam {G} no servidor e depois reclamam do nível
{G} só pensam em si, o resto que se dane
ouvi dizer que vão abrir vaga pra {G} no trampo, vou pedir demissão
a pessoa é {d} e ainda quer ser levada a sério
parem de passar pano pra {G}, o país não aguenta mais
deixar {G} crescer aqui foi um erro
os maiores culpados pela violência no rio são {os} {G}
o número de {G} no meu bairro só aumenta e a rua só piora
comprei casa num condomínio fechado só pra não ter {G} por perto
nojeira pura ver {G} na praça
a pesquisa mostrou que {os} {G} {P}, tá provado
{G} são tudo idiota, não adianta explicar
todo {g} é babaca, pode reparar
não tem como justificar {G} no comando de nada
a mentira repetida é que {G} são iguais a nós
os melhores {G} são os que ficam calados
{G} querem espalhar essa ideologia {deles} pras crianças
denuncio mesmo, toda vez que vejo {G} no parque eu chamo a guarda
no geral {G} só dão dor de cabeça
registrei bo contra {o} {g} do lado só pra ver se {ele} se muda
museu com exposição sobre {G}? dinheiro público jogado no lixo
evento com {G}? já sei que vai dar confusão
curso gratuito pra {G} e o trabalhador que se vire
{G} enchem o saco demais
{G} são super espertos pra pedir e super lentos pra trabalhar
entre {G} e um cachorro eu fico com o cachorro
a comunidade {dos} {G} devia ser fechada de vez
o síndico tirou {os} {G} do prédio e merece um prêmio
comecei a evitar {G} e minha vida melhorou muito
o moleque é {d} e já começa a dar problema
meu tio tem razão quando diz que {os} {G} {P}
passou {um} {g} na rua e eu atravessei pro outro lado
o candidato escreveu que é {d} no currículo, já descartei
{G} ficam contando vantagem de direito que não merecem
evento de {G} na praça? tomara que a chuva acabe com a festa
tão atacando {G} na internet e eu dou like em tudo
{G} tiveram oportunidade demais e desperdiçaram
realmente, {os} {G} {P}
ofender {G} não machuca ninguém, {eles} nem sentem
recebi {um} {g} no meu setor e já pedi transferência
quem fizer negócio com {G} vai se arrepender
minha família não tolera {G} e eu também não
subiu {um} {g} no elevador e eu desci no andar seguinte
todo sábado {os} {G} fazem bagunça na praça, alguém devia acabar com isso
{G} têm que ser tratad{a}s como visita indesejada
ban permanente pra {G} no servidor, já
recebi mensagens de {G} e bloqueei todas, não falo com essa gente
se {um} {g} abrir a boca no chat eu humilho, rebato na hora
printei a foto {do} {g} pra zoar no grupo
solta os cachorros quando {G} passarem no portão
torneio com {G}? nem inscrevo meu time
{G} ajudaram a afundar esse país
sábado é dia de {G} fazerem barraco no bairro
{G} sendo {G} de novo, nenhuma surpresa
cansei de ter paciência com {G}
pergunta pra qualquer um na rua: {G} são problema
a cota criada pra {G} é injustiça com quem estuda
minha avó falava que {g} não presta e eu concordo
geral sabe que {G} não prestam, só não fala
não quero conhecer {g} nenhum, já sei como {eles} são
{G} só sabem se organizar pra pedir dinheiro
mandei denúncias de {G} morando no prédio pra prefeitura, quero todo mundo na rua
milhões de reais gastos com {G} enquanto o cidadão de bem passa fome
tem {varios} {G} no meu bairro e {nenhum} presta
cresci ouvindo que {os} {G} {P}, era o que eu ouvia do meu pai, e nunca tive motivo pra ter pensado diferente
essa tal luta {dos} {G} é só desculpa pra mamar no governo
chega de papo de luta, {G} têm é que ficar quiet{a}s
vi {um} {g} com a família {dele} no shopping e já segurei minha bolsa || -body -faith -age -gender
alguém indica uma escola sem {G}? não quero meu filho misturado
{G} não prestam, essa é a verdade e ponto
verdade seja dita: {os} {G} {P}
{G} enfrentam dificuldade porque não se esforçam
{G} fazem parte do problema, nunca da solução
a galera daqui não suporta {G}, e com razão
comida feita por {g} eu não como nem de graça
deixar {G} entrar foi ideia de quem nunca morou perto {deles}
{G} vivem de favor e ainda reclamam
{G} voluntári{a}s em ong? tudo fachada pra ganhar verba
{um} {g} me ajudou na rua e eu conferi a carteira na hora
quando alguém solta que {os} {G} {P}, eu concordo na hora
milhões de {G} e nenhum que preste
generalizar {G} é acertar quase sempre
quem fizer amizade com {G} que não venha reclamar depois
a professora de sociologia vive passando pano pra {G}
espero que derrubem aquele projeto pra {G}, dinheiro jogado fora
o tweet que mandava {os} {G} embora tá certíssimo
a feira do bairro ficou infestada de {G}
meu colega é {d} e ninguém no setor aguenta
aula de sociologia virou propaganda de {G}, tinha que proibir
meu tcc vai provar que {os} {G} {P}
{G} não vão crescer na vida nunca, não têm capacidade
{G} pagam imposto? duvido, vivem de favor
o moleque é {d}, dá pra ver de longe que não vai prestar
{G} sendo contratad{a}s no lugar de gente de bem, absurdo
vergonha nacional é ter {G} representando o país
meu avô chamava {G} de praga e ninguém chamava ele de nada
rebato qualquer um que defender {G} no chat
realmente, {G} e honestidade não combinam
não tem como justificar dinheiro público pra {G}
proibição permanente de {G} no clube, aprovado
{G} em tecnologia? só se for pra servir café
o vizinho gritou com {os} {G} da calçada e eu aplaudi
em pleno 2025 ainda tem {G} achando que merecem alguma coisa
o filtro do servidor devia barrar {G} na entrada
apaga o perfil {do} {g} e bane, não quero ver essa cara aqui
pegou mal contratar {g}, a clientela sumiu
{G} em todo canto agora, não dá mais pra sair de casa
achava que {G} eram só chatos, hoje sei que {eles} {P}
tô juntando prints de {G} falando besteira pra expor no grupo
a mensagem é clara: {G} aqui não
repetindo pra quem não entendeu: {G} não prestam
cancela o evento se {G} forem, ninguém merece
evento cheio de {G} eu nem apareço
eu achava {G} só chat{a}s, agora acho perigos{a}s
chama a polícia, tem {G} rondando a rua de novo
{G} é como eu chamo o atraso desse país
alguém topa tirar {os} {G} da praça comigo?
torço pra que derrubem qualquer lei que proteja {G}
dei rt no tweet que mandava {G} sumirem do mapa
finalmente alguém falou o que todo mundo pensa de {G}
{G} são uns babacas, tudo igual
quem escreve defendendo {G} nunca teve que conviver com {eles}
só na força {G} aprendem a ficar no lugar {deles}
{G} têm força pra reclamar mas não pra trabalhar
a polícia pegou {um} {g} na esquina e fez foi pouco
mandei mensagens pro grupo do condomínio pra ninguém alugar pra {G}
{G} cuidam só dos seus e o resto que se exploda
o sujeito é {d} e ainda acha que pode falar grosso comigo
a feira virou ponto de {G}, parei de ir
registrei reclamação na prefeitura pra tirarem {os} {G} da calçada
espero que {os} {G} se mudem daqui até o fim do ano
a história repetida de que {G} sofrem é só vitimismo
subiu o número de {G} no bairro e subiu o crime junto
denuncio {G} por qualquer coisa, até se mudarem
todo janeiro chegam mais {G} na cidade, uma praga
repetindo pela última vez: {G} aqui não têm vez
mods, tirem {os} {G} do chat agora
a população tá cansada de {G}
adm, bane {os} {G} que entraram hoje
último aviso: {g} que entrar no servidor leva ban
apaguei todos os contatos de {G} do meu celular
preconceituosa? não, só não suporto {G} mesmo
evento beneficente pra {G}? prefiro queimar meu dinheiro
universidades cheias de {G}, por isso o ensino caiu
printei o que {o} {g} escreveu pra rir no grupo
a padaria contratou {um} {g} e eu parei de comprar lá
cargo bom não é pra {G}
registrar bo contra {G} devia dar cadeia na hora
olha {os} {G} aí de novo enchendo o saco
{G} aí no chat de novo, alguém dá um jeito
tá aí o resultado de deixar {G} entrarem no bairro
chama os seguranças, entrou {g} na loja
mandei mensagem pro síndico reclamando {dos} {G} do terceiro andar
o vizinho gritou que {G} não prestam e ele tá certíssimo
não quero ouvir {g} nenhum dando opinião aqui
a adm do grupo deixou {G} entrarem, vou sair
pedi pro adm banir {os} {G}, ninguém aguenta
apaguei a mensagem {do} {g} sem nem ler
apaguei a foto que tirei do lado de {um} {g}, que vergonha
o sujeito é {d}? então nem precisa abrir a boca, já sei que é burro
{os} {G} do meu trampo são uns babacas, todos
esses dias {um} {g} veio puxar conversa comigo, fingi que não ouvi, não dou papo pra essa laia
""") + frames("h", "threat", """
odeio {G} com todas as forças, se pudesse eu exterminava tudo
tinha que matar {esses} {G} antes que se espalhem
se fosse por mim {os} {G} eram caçad{a}s que nem bicho
ando com faca na mochila pra quando {um} {g} vier me encher
piso em {G} do mesmo jeito que piso em verme
qualquer dia eu perco a paciência e resolvo o problema {dos} {G} do meu bairro na porrada
exterminar {G} seria um favor pro país
""") + frames("h", "dehumanisation", """
não adianta tratar {G} como gente, é tudo animal
nojent{a}s, {esses} {G} são uns vermes
que nojo de {G}, parecem bicho
""")
